package storage

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeLayout writes every time as fixed-width UTC text with microseconds:
// SQLite keeps it as TEXT that sorts in time order, PostgreSQL parses it into
// a timestamptz. Microseconds because that is what PostgreSQL keeps, so both
// engines give back exactly what was stored.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// timestamp is a time.Time as the stores write and read it.
type timestamp time.Time

// ts converts t for a query argument.
func ts(t time.Time) timestamp { return timestamp(t) }

// tsPtr converts an optional time; nil stays NULL.
func tsPtr(t *time.Time) *timestamp {
	if t == nil {
		return nil
	}
	v := timestamp(*t)
	return &v
}

// normTime is t as it comes back from the database: UTC, microseconds.
func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (t timestamp) Time() time.Time { return normTime(time.Time(t)) }

// TimePtr returns nil for a nil *timestamp.
func (t *timestamp) TimePtr() *time.Time {
	if t == nil {
		return nil
	}
	v := t.Time()
	return &v
}

func (t timestamp) Value() (driver.Value, error) {
	return time.Time(t).UTC().Format(timeLayout), nil
}

func (t *timestamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*t = timestamp(normTime(v))
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("storage: cannot read %T as a time", src)
	}
}

func (t *timestamp) parse(s string) error {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("storage: read time %q: %w", s, err)
	}
	*t = timestamp(normTime(v))
	return nil
}
