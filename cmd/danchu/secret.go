package main

import (
	"fmt"

	"danchu/secret"
	"danchu/storage"
)

// secretBox returns the box that encrypts secret data at rest (a tố cáo
// author's identity). The key is DANCHU_SECRET_KEY; on SQLite without it, a
// key file beside the database is made once, with a warning. PostgreSQL
// serves replicas, which must share one key: there it is required.
func (m *Main) secretBox() (*secret.Box, error) {
	if m.Config.SecretKey != "" {
		key, err := secret.ParseKey(m.Config.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("DANCHU_SECRET_KEY: %w", err)
		}
		return secret.NewBox(key)
	}
	engine, dsn, err := storage.ParseURL(m.Config.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if engine != storage.EngineSQLite {
		return nil, fmt.Errorf("DANCHU_SECRET_KEY is required with PostgreSQL: make one with `openssl rand -base64 32` and keep it safe")
	}
	path := dsn + ".key"
	key, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret key file: %w", err)
	}
	if created {
		// Through the logger, so that JSON logs stay JSON.
		m.logger().Warn("DANCHU_SECRET_KEY is not set: a new key was written beside the database. "+
			"Back it up with the database: without it, secret data cannot be read.", "key_file", path)
	}
	return secret.NewBox(key)
}
