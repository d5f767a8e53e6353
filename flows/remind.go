package flows

import (
	"context"
	"fmt"
	"time"

	"danchu"
)

// reminderWindow is [now, end): what starts within a day of now. A thing
// exactly a day ahead is in it (its day's reminder is due); the store keeps
// microseconds.
func ReminderWindow(now time.Time) time.Time {
	return now.Add(danchu.ReminderDay.Lead() + time.Microsecond)
}

// remindOnce does the reminder which of subject ("notice:3") once: it skips
// one marked done, has send write its messages (with dedup keys of their
// own), then marks it done. A run that dies in between sends nothing twice
// when it runs again.
func RemindOnce(ctx context.Context, store danchu.ReminderService, subject string, which danchu.Reminder, now time.Time, send func(dedup string) error) error {
	key := subject + ":" + string(which)
	done, err := store.ReminderDone(ctx, key)
	if err != nil {
		return fmt.Errorf("flows: reminder %s: %w", key, err)
	}
	if done {
		return nil
	}
	if err := send("reminder:" + key); err != nil {
		return fmt.Errorf("flows: reminder %s: %w", key, err)
	}
	if _, err := store.MarkReminderDone(ctx, key, now); err != nil {
		return fmt.Errorf("flows: mark reminder %s: %w", key, err)
	}
	return nil
}
