package storage

import (
	"errors"
	"fmt"
	"strings"
)

// Engines a database URL can name.
const (
	EnginePostgres = "postgres"
	EngineSQLite   = "sqlite"
)

// ParseURL tells the engine of a database URL and the DSN its driver takes:
// postgres://... or postgresql://... for PostgreSQL, sqlite:PATH for SQLite.
// cmd/danchu calls it to check the configuration before it starts anything.
// Errors never repeat the URL, which may hold a password.
func ParseURL(url string) (engine, dsn string, err error) {
	scheme, rest, ok := strings.Cut(url, ":")
	switch {
	case url == "":
		return "", "", errors.New("DANCHU_DATABASE_URL is empty: use postgres://... or sqlite:PATH")
	case !ok || !validScheme(scheme):
		return "", "", errors.New("DANCHU_DATABASE_URL has no scheme: use postgres://... or sqlite:PATH")
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		if !strings.HasPrefix(rest, "//") {
			return "", "", errors.New("DANCHU_DATABASE_URL: use postgres://USER@HOST:PORT/DB?sslmode=...")
		}
		return EnginePostgres, url, nil
	case "sqlite":
		// sqlite:///var/lib/danchu.db and sqlite://danchu.db read as paths too.
		path := strings.TrimPrefix(rest, "//")
		if path == "" {
			return "", "", errors.New("DANCHU_DATABASE_URL: sqlite needs a file path: use sqlite:PATH, for example sqlite:danchu.db")
		}
		if strings.ContainsRune(path, '?') {
			return "", "", errors.New("DANCHU_DATABASE_URL: the sqlite path must not contain '?': danchu sets the SQLite options itself")
		}
		if path == ":memory:" {
			return "", "", errors.New("DANCHU_DATABASE_URL: sqlite::memory: is not supported: use a file, for example sqlite:danchu.db")
		}
		return EngineSQLite, path, nil
	default:
		return "", "", fmt.Errorf("DANCHU_DATABASE_URL: unknown scheme %q: use postgres://... or sqlite:PATH", scheme)
	}
}

// validScheme reports whether s can be a URL scheme (RFC 3986, 3.1), so that
// what is echoed in an error is a scheme and not part of a DSN.
func validScheme(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return s != ""
}
