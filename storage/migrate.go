package storage

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the numbered SQL files, one folder per engine.
//
//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrations embed.FS

// SchemaError says the database schema and this program do not match.
type SchemaError struct {
	Current int64 // the version of the database
	Known   int64 // the newest version this program knows
}

func (e *SchemaError) Error() string {
	if e.Newer() {
		return fmt.Sprintf("database schema version %d is newer than this program knows (%d): upgrade danchu", e.Current, e.Known)
	}
	return fmt.Sprintf("database schema version %d is behind this program (%d): run danchu migrate", e.Current, e.Known)
}

// Newer reports whether the database is ahead of the program (upgrade the
// program) rather than behind it (migrate the database).
func (e *SchemaError) Newer() bool { return e.Current > e.Known }

// Migrate applies the migrations the database lacks. It refuses a database
// whose schema is newer than this program knows. On PostgreSQL replicas
// starting together take turns through an advisory lock.
func (db *DB) Migrate(ctx context.Context) error {
	release, err := db.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer release()
	p, err := db.provider(ctx, true)
	if err != nil {
		return err
	}
	current, known, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("storage: read schema version: %w", err)
	}
	if current > known {
		return &SchemaError{Current: current, Known: known}
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("storage: migrate %s: %w", db.engine, err)
	}
	for _, r := range results {
		db.logger().LogAttrs(ctx, slog.LevelInfo, "migration applied",
			slog.String("engine", db.engine), slog.Int64("version", r.Source.Version),
			slog.String("file", r.Source.Path), slog.Duration("took", r.Duration))
	}
	return nil
}

// SchemaVersion returns the version of the database schema and the newest
// version this program knows. A database never migrated is at 0.
func (db *DB) SchemaVersion(ctx context.Context) (current, known int64, err error) {
	release, err := db.lockWriter(ctx) // goose may create its version table
	if err != nil {
		return 0, 0, err
	}
	defer release()
	p, err := db.provider(ctx, false)
	if err != nil {
		return 0, 0, err
	}
	current, known, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("storage: read schema version: %w", err)
	}
	return current, known, nil
}

// CheckSchema returns a *SchemaError unless the database schema is exactly
// the one this program knows.
func (db *DB) CheckSchema(ctx context.Context) error {
	current, known, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current != known {
		return &SchemaError{Current: current, Known: known}
	}
	return nil
}

// provider builds a goose provider for the engine's folder, with no global
// goose state.
func (db *DB) provider(ctx context.Context, locked bool) (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+db.engine)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)),
		// Features land in parallel and take their numbers ahead: a
		// database that has 4 gets 3 when it arrives, instead of refusing.
		goose.WithAllowOutofOrder(true),
	}
	if db.engine == EnginePostgres {
		dialect = goose.DialectPostgres
		if locked {
			id, err := db.migrationLockID(ctx)
			if err != nil {
				return nil, err
			}
			locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
			if err != nil {
				return nil, fmt.Errorf("storage: migration lock: %w", err)
			}
			opts = append(opts, goose.WithSessionLocker(locker))
		}
	}
	p, err := goose.NewProvider(dialect, db.db.DB, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	return p, nil
}

// migrationLockID is goose's advisory lock id, made distinct per schema: the
// lock guards one schema, so databases in other schemas (tests, other towns
// on one server) need not wait for each other.
func (db *DB) migrationLockID(ctx context.Context) (int64, error) {
	var schema string
	if err := db.get(ctx, &schema, "SELECT current_schema()"); err != nil {
		return 0, fmt.Errorf("storage: read current schema: %w", err)
	}
	if schema == "public" {
		return lock.DefaultLockID, nil
	}
	h := fnv.New64a()
	h.Write([]byte(schema))
	return lock.DefaultLockID ^ int64(h.Sum64()>>1), nil
}

func (db *DB) logger() *slog.Logger {
	if db.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return db.Logger
}
