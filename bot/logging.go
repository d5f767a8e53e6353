package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// chatHash names a chat in the logs without its id (a Telegram id is personal
// data): a short HMAC keyed with the token, stable for one deployment, so the
// lines of one chat can be followed but not traced back to a person.
func (b *Bot) chatHash(chatID int64) string {
	m := hmac.New(sha256.New, []byte(b.cfg.Token))
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	return hex.EncodeToString(m.Sum(nil))[:10]
}
