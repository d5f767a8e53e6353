package bot

import (
	"errors"
	"fmt"
	"testing"

	"danchu"
)

func TestIsPanic(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"engine's recovered panic", &danchu.Error{Code: danchu.EINTERNAL, Op: "flows.Handle", Err: errors.New("panic: boom\ngoroutine 1 [running]:")}, true},
		{"wrapped", fmt.Errorf("step: %w", &danchu.Error{Code: danchu.EINTERNAL, Err: errors.New("panic: boom")}), true},
		{"with the message panic", &danchu.Error{Code: danchu.EINTERNAL, Message: "panic"}, true},
		{"a database error", &danchu.Error{Code: danchu.EINTERNAL, Err: errors.New("connection refused")}, false},
		{"a refusal", &danchu.Error{Code: danchu.EINVALID, Err: errors.New("panic: no")}, false},
		{"a plain error", errors.New("panic: not ours"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isPanic(tt.err); got != tt.want {
				t.Errorf("isPanic(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
