package kv_test

import (
	"testing"
	"time"

	"danchu"
)

// epsilon covers rounding: Redis counts in microseconds.
const epsilon = 2 * time.Millisecond

// checkWaits compares the waits handed out by one bucket with a token bucket
// frozen in time. Time passing while the test runs only shortens the waits,
// by at most the elapsed time, so that is the tolerance: never a timing.
func checkWaits(t *testing.T, waits []time.Duration, perSecond float64, burst int, elapsed time.Duration) {
	t.Helper()
	var sum, wantSum time.Duration
	for k, got := range waits {
		want := time.Duration(0)
		if k >= burst {
			want = time.Duration(float64(k-burst+1) / perSecond * float64(time.Second))
		}
		if got > want+epsilon || got < want-elapsed-epsilon {
			t.Errorf("reservation %d waits %v, want %v (elapsed %v)", k, got, want, elapsed)
		}
		sum += got
		wantSum += want
	}
	// N reservations are spread over about N/rate: the waits add up.
	slack := time.Duration(len(waits)) * (elapsed + epsilon)
	if sum > wantSum+slack || sum < wantSum-slack {
		t.Errorf("waits add up to %v, want %v", sum, wantSum)
	}
}

func TestReserveSpreadsReservationsAtTheRate(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		tests := []struct {
			name      string
			perSecond float64
			burst     int
			n         int
		}{
			{"no burst", 10, 1, 20},
			{"burst honoured", 2, 5, 12},
			{"fractional rate", 0.5, 2, 5},
			{"fast", 1000, 30, 100},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				start := time.Now()
				waits := make([]time.Duration, tt.n)
				for i := range waits {
					w, err := e.kv.Reserve(t.Context(), "send:"+tt.name, tt.perSecond, tt.burst)
					if err != nil {
						t.Fatal(err)
					}
					waits[i] = w
				}
				checkWaits(t, waits, tt.perSecond, tt.burst, time.Since(start))
			})
		}
	})
}

func TestReserveIsSharedByReplicas(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		const perSecond, burst = 5, 2
		start := time.Now()
		waits := make([]time.Duration, 10)
		for i := range waits {
			k := e.kv
			if i%2 == 1 {
				k = e.replica
			}
			w, err := k.Reserve(t.Context(), "global", perSecond, burst)
			if err != nil {
				t.Fatal(err)
			}
			waits[i] = w
		}
		checkWaits(t, waits, perSecond, burst, time.Since(start))
	})
}

func TestReserveBucketsAreSeparateAndRefill(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		ctx := t.Context()
		reserve := func(key string) time.Duration {
			t.Helper()
			w, err := e.kv.Reserve(ctx, key, 50, 1)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		reserve("chat:1")
		if w := reserve("chat:1"); w <= 0 {
			t.Fatalf("second reservation of an empty bucket waits %v", w)
		}
		if w := reserve("chat:2"); w != 0 {
			t.Fatalf("another chat's bucket waits %v, want 0", w)
		}
		// Two tokens in debt refill in 40ms; let far more go by.
		e.pass(500 * time.Millisecond)
		if w := reserve("chat:1"); w != 0 {
			t.Fatalf("after a pause the bucket waits %v, want 0", w)
		}

		for _, bad := range []struct {
			perSecond float64
			burst     int
		}{{0, 1}, {-1, 1}, {1, 0}} {
			_, err := e.kv.Reserve(ctx, "x", bad.perSecond, bad.burst)
			wantCode(t, err, danchu.EINVALID)
		}
	})
}
