package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"

	"danchu"
)

// chatHash names a chat in the logs without its id (a Telegram id is personal
// data): a short HMAC keyed with the token, stable for one deployment, so the
// lines of one chat can be followed but not traced back to a person.
func (b *Bot) chatHash(chatID int64) string {
	m := hmac.New(sha256.New, []byte(b.cfg.Token))
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	return hex.EncodeToString(m.Sum(nil))[:10]
}

// logErr is err as the log shows it: with the cause that a danchu.Error
// hides behind its human message (a recovered panic keeps its stack there).
func logErr(err error) string {
	s := err.Error()
	var e *danchu.Error
	if errors.As(err, &e) && e.Message != "" && e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}
