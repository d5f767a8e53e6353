package storage

import (
	"context"
	"fmt"

	"danchu"
)

// OutboxDepth counts the outbox messages not delivered yet, by status:
// pending (waiting, retries included) and sending (claimed by a sender). Both
// keys are always present. It is read at each scrape of /metrics; the count
// uses the index on (status, ...), so it does not read the delivered rows.
func (db *DB) OutboxDepth(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := db.sel(ctx, &rows, `SELECT status, COUNT(*) AS n FROM outbox WHERE status IN (?, ?) GROUP BY status`,
		danchu.OutboxPending, danchu.OutboxSending)
	if err != nil {
		return nil, fmt.Errorf("storage: outbox depth: %w", err)
	}
	depth := map[string]int{danchu.OutboxPending: 0, danchu.OutboxSending: 0}
	for _, r := range rows {
		depth[r.Status] = r.N
	}
	return depth, nil
}
