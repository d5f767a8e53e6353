package bot

import (
	"errors"
	"fmt"
	"testing"

	"danchu"
	"danchu/flows"
)

func TestIsPanic(t *testing.T) {
	recovered := &danchu.Error{Code: danchu.EINTERNAL, Op: "flows.Handle",
		Err: fmt.Errorf("%w: boom\ngoroutine 1 [running]:", flows.ErrPanic)}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"engine's recovered panic", recovered, true},
		{"wrapped again", fmt.Errorf("step: %w", recovered), true},
		{"a database error", &danchu.Error{Code: danchu.EINTERNAL, Err: errors.New("connection refused")}, false},
		// Only the sentinel counts, never the words: a cause that happens to
		// start with "panic: " is an ordinary failure, retried as such.
		{"the words without the sentinel", &danchu.Error{Code: danchu.EINTERNAL, Err: errors.New("panic: boom")}, false},
		{"a plain error", errors.New("panic: not ours"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isPanic(tt.err); got != tt.want {
				t.Errorf("isPanic(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
