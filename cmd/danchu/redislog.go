package main

import (
	"context"
	"fmt"
	"log/slog"
)

// redisLog sends go-redis's own messages (a dial that failed, a pool that
// could not reconnect) to the program's log, so that production logs stay
// JSON. go-redis keeps its logger in a package variable: main sets it once,
// tests leave it alone.
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(format, v...), "component", "redis")
}
