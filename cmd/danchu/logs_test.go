package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"danchu"
	"danchu/storage/storagetest"
)

// With JSON logs at the debug level, a whole registration, a profile, a
// message of the resident's own words and a notice to them after they
// blocked the bot leave in the log neither their name, nor their phone
// number, nor what they wrote, nor their chat id; every line is JSON, and
// chats are named by a hash.
func TestLogsHoldNoPersonalData(t *testing.T) {
	for _, shape := range []string{"polling", "webhook"} {
		t.Run(shape, func(t *testing.T) {
			dbURL := storagetest.SQLiteURL(t)
			w := newWorld(t, dbURL, "")
			w.env["DANCHU_LOG_FORMAT"] = "json"
			w.env["DANCHU_LOG_LEVEL"] = "debug"
			if shape == "webhook" {
				w.startWebhook(newProxy(t))
			} else {
				w.start()
			}

			const (
				first, last, fullName = "Thơm", "Phạm Thị", "Phạm Thị Thơm"
				phone                 = "0978123456"
				ownWords              = "Nhà tôi ở ngõ 7 bị ngập nước"
			)
			thom := w.newPerson(first, last, phone)
			thom.says("/start")
			thom.expect("dữ liệu cá nhân")
			thom.press("reg:yes")
			thom.expect("họ và tên")
			thom.says(fullName)
			thom.expect("số điện thoại")
			thom.sharesContact()
			thom.expect("tiểu khu nào")
			thom.press("reg:nb:0")
			thom.expect("kiểm tra lại")
			thom.press("reg:ok")
			thom.expect("đăng ký thành công")
			thom.says("/toi")
			thom.expect("+84978123456")
			thom.says(ownWords)
			thom.expect("") // whatever the answer, once it came the update was handled

			// She blocks the bot; a notice to her is refused and logged.
			if err := w.client.Block(t.Context(), thom.user.ID, true); err != nil {
				t.Fatal(err)
			}
			db := storagetest.MustOpenRaw(t, dbURL)
			if err := db.Enqueue(t.Context(), &danchu.OutboxMessage{ChatID: thom.user.ID, Kind: "notice", Text: "Thông báo cho chị " + first}); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the block is recorded", func() bool {
				r, err := db.FindResidentByTelegramID(t.Context(), thom.user.ID)
				return err == nil && r.Unreachable
			})
			w.stop()

			chatID := strconv.FormatInt(thom.user.ID, 10)
			secrets := []string{first, last, fullName, phone[1:], ownWords, "ngõ 7"}
			mustLogWithout(t, w.out.String(), secrets, chatID)
		})
	}
}

// hashedChat is how the bot names a chat in the log.
var hashedChat = regexp.MustCompile(`^[0-9a-f]{10}$`)

// mustLogWithout checks that every line of log is a JSON record holding
// none of secrets and not the number chatID, and that some record names a
// chat by its hash.
func mustLogWithout(t *testing.T, log string, secrets []string, chatID string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	number := regexp.MustCompile(`(^|[^0-9])` + chatID + `([^0-9]|$)`)
	hashed := 0
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("line %d is not JSON: %q", i+1, line)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(line, s) || strings.Contains(fmt.Sprint(rec), s) {
				t.Errorf("line %d holds %q: %s", i+1, s, line)
			}
		}
		if number.MatchString(line) {
			t.Errorf("line %d holds the chat id %s: %s", i+1, chatID, line)
		}
		if c, ok := rec["chat"].(string); ok && hashedChat.MatchString(c) {
			hashed++
		}
	}
	if hashed == 0 {
		t.Errorf("no line names a chat by its hash: the test saw nothing of the chat:\n%s", log)
	}
	t.Logf("%d log lines, %d naming a chat by its hash", len(lines), hashed)
}
