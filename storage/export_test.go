package storage

import "context"

// ExecForTest runs a statement on the database, for tests that must put it in
// a state the stores never make (a schema from the future).
func ExecForTest(ctx context.Context, db *DB, query string, args ...any) error {
	_, err := db.db.ExecContext(ctx, db.rebind(query), args...)
	return err
}

// CountForTest runs a SELECT COUNT(*) the stores do not offer.
func CountForTest(ctx context.Context, db *DB, query string, args ...any) (int64, error) {
	var n int64
	err := db.get(ctx, &n, query, args...)
	return n, err
}

// GetForTest reads one value the stores do not offer (a raw column).
func GetForTest(ctx context.Context, db *DB, dest any, query string, args ...any) error {
	return db.get(ctx, dest, query, args...)
}
