// Package storage keeps danchu's data in PostgreSQL or SQLite through sqlx.
// One *DB serves every store interface of the root package; the engine is
// picked by the URL (ParseURL).
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // driver "postgres"
	_ "modernc.org/sqlite" // driver "sqlite"

	"danchu/secret"
)

// sqliteOptions: WAL so readers do not wait for the writer; a busy timeout so
// another process (danchu admin beside danchu serve) waits instead of failing;
// foreign keys, which SQLite leaves off by default; BEGIN IMMEDIATE so a
// transaction takes the write lock at its start and never has to upgrade.
const sqliteOptions = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"

// DB is the database. Its methods implement the store interfaces of package
// danchu.
type DB struct {
	// Now gives the time where a store decides it itself (created_at and the
	// like); tests replace it. Times passed as arguments are used as given.
	Now func() time.Time
	// Logger receives one line per applied migration; nil discards them.
	Logger *slog.Logger
	// Secrets seals the identities of petitions' authors. Without it a
	// petition with an identity is refused (EINTERNAL, "no secret key").
	Secrets *secret.Box
	// UnitCode starts petition numbers (Settings.Unit.Code, "HT").
	UnitCode string
	// Location is the unit's time zone, in which a petition's year is the
	// year of its ReceivedAt. nil: the caller sets Petition.Year.
	Location *time.Location

	db     *sqlx.DB
	engine string
	bind   int
	// writer is the single writer of SQLite: a one-slot semaphore taken by
	// every transaction that writes. nil on PostgreSQL.
	writer chan struct{}
}

// Open connects to the database the URL names and checks it answers. It does
// not migrate: call Migrate or CheckSchema.
func Open(ctx context.Context, url string) (*DB, error) {
	engine, dsn, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	db := &DB{Now: time.Now, engine: engine}
	switch engine {
	case EnginePostgres:
		db.db, err = sqlx.Open("postgres", dsn)
		if err != nil {
			return nil, fmt.Errorf("storage: open postgres: %w", err)
		}
		db.bind = sqlx.DOLLAR
		db.db.SetMaxOpenConns(20)
		db.db.SetMaxIdleConns(5)
		db.db.SetConnMaxIdleTime(5 * time.Minute)
		db.db.SetConnMaxLifetime(time.Hour)
	case EngineSQLite:
		db.db, err = sqlx.Open("sqlite", dsn+sqliteOptions)
		if err != nil {
			return nil, fmt.Errorf("storage: open sqlite %s: %w", dsn, err)
		}
		db.bind = sqlx.QUESTION
		// Readers run in parallel under WAL; writers take db.writer.
		db.db.SetMaxOpenConns(4)
		db.db.SetMaxIdleConns(4)
		db.writer = make(chan struct{}, 1)
	}
	if err := db.db.PingContext(ctx); err != nil {
		db.db.Close()
		if engine == EngineSQLite {
			return nil, fmt.Errorf("storage: open sqlite file %s: %w", dsn, err)
		}
		return nil, fmt.Errorf("storage: connect to postgres (check DANCHU_DATABASE_URL and that the server runs): %w", err)
	}
	return db, nil
}

// Engine is "postgres" or "sqlite".
func (db *DB) Engine() string { return db.engine }

// Close closes the connections.
func (db *DB) Close() error { return db.db.Close() }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return fmt.Errorf("storage: ping %s: %w", db.engine, err)
	}
	return nil
}

// now is db.Now (time.Now when unset) as the database keeps it.
func (db *DB) now() time.Time {
	if db.Now == nil {
		return normTime(time.Now())
	}
	return normTime(db.Now())
}

// rebind turns the ? placeholders the stores write into the engine's own.
func (db *DB) rebind(query string) string { return sqlx.Rebind(db.bind, query) }

// lockWriter takes SQLite's single writer slot; release gives it back.
func (db *DB) lockWriter(ctx context.Context) (release func(), err error) {
	if db.writer == nil {
		return func() {}, nil
	}
	select {
	case db.writer <- struct{}{}:
		return func() { <-db.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// update runs fn in a transaction that may write, and commits it when fn
// returns nil. Public store methods own their transactions through it.
func (db *DB) update(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	release, err := db.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		// A cancelled context has rolled the transaction back already.
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("storage: rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}

// get reads one row outside a transaction: a single statement sees one
// consistent snapshot on both engines.
func (db *DB) get(ctx context.Context, dest any, query string, args ...any) error {
	return db.db.GetContext(ctx, dest, db.rebind(query), args...)
}

// sel reads rows outside a transaction.
func (db *DB) sel(ctx context.Context, dest any, query string, args ...any) error {
	return db.db.SelectContext(ctx, dest, db.rebind(query), args...)
}

// SQL returns the connection pool, for its statistics (/metrics).
func (db *DB) SQL() *sql.DB { return db.db.DB }
