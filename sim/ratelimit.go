package sim

import (
	"math"
	"time"

	"golang.org/x/time/rate"
)

// rateLimiter keeps Telegram's sending limits: about one message a second in
// a chat with a short burst tolerated, and GlobalRate messages a second in
// all. It reads the injected clock, never the wall clock.
type rateLimiter struct {
	global    *rate.Limiter
	perChat   map[int64]*rate.Limiter
	chatEvery time.Duration
	chatBurst int
}

func newRateLimiter(globalRate float64, chatEvery time.Duration, chatBurst int) *rateLimiter {
	return &rateLimiter{
		global:    rate.NewLimiter(rate.Limit(globalRate), max(1, int(math.Ceil(globalRate)))),
		perChat:   map[int64]*rate.Limiter{},
		chatEvery: chatEvery,
		chatBurst: chatBurst,
	}
}

// take spends one message of the chat's and the global allowance at now, or
// spends nothing and returns the seconds to wait (Telegram's retry_after).
func (l *rateLimiter) take(chatID int64, now time.Time) (retryAfter int) {
	chat := l.perChat[chatID]
	if chat == nil {
		chat = rate.NewLimiter(rate.Every(l.chatEvery), l.chatBurst)
		l.perChat[chatID] = chat
	}
	rc := chat.ReserveN(now, 1)
	if d := rc.DelayFrom(now); d > 0 {
		rc.CancelAt(now)
		return seconds(d)
	}
	rg := l.global.ReserveN(now, 1)
	if d := rg.DelayFrom(now); d > 0 {
		rg.CancelAt(now)
		rc.CancelAt(now)
		return seconds(d)
	}
	return 0
}

func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{Code: 429, Description: "Too Many Requests: retry after " + itoa(int64(retryAfter)), RetryAfter: retryAfter}
}
