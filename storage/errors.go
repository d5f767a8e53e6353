package storage

import (
	"errors"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"danchu"
)

// isUniqueViolation reports a duplicate key on either engine.
func isUniqueViolation(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.SQLState() == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKeyViolation reports a reference to a row that does not exist.
func isForeignKeyViolation(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.SQLState() == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

func notFound(op, msg string) error {
	return &danchu.Error{Code: danchu.ENOTFOUND, Op: op, Message: msg}
}

func conflict(op, msg string) error {
	return &danchu.Error{Code: danchu.ECONFLICT, Op: op, Message: msg}
}

func invalid(op, msg string) error {
	return &danchu.Error{Code: danchu.EINVALID, Op: op, Message: msg}
}

// internal wraps an unexpected database error; its text is for the log.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *danchu.Error
	if errors.As(err, &de) {
		return err
	}
	return &danchu.Error{Code: danchu.EINTERNAL, Op: op, Err: err}
}
