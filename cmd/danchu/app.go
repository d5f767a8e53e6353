package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"danchu"
	"danchu/scheduler"
)

// Main is the program. ParseFlags reads the command line apart from Run, so
// end-to-end tests run the real program in process on a temp database and
// port :0 (ARCHITECTURE.md, convention 8).
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// SchedulerClock drives the scheduler; nil is real time. End-to-end
	// tests set a manual clock to move through the year.
	SchedulerClock scheduler.Clock

	Config   Config
	Settings *danchu.Settings

	command string   // serve, migrate, admin, settings, version, help
	rest    []string // the subcommand's own arguments (admin)

	adminFlags adminFlags
	server     *server // set while serving
}

// NewMain returns a Main wired to the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

// ParseFlags picks the command and reads the configuration. It returns
// flag.ErrHelp after printing help.
func (m *Main) ParseFlags(ctx context.Context, args []string) error {
	if m.Now == nil {
		m.Now = time.Now
	}
	m.command = "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		m.command, args = args[0], args[1:]
	}
	switch m.command {
	case "help":
		printUsage(m.Stdout)
		return flag.ErrHelp
	case "version":
		return nil
	case "admin", "settings":
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			printUsage(m.Stderr)
			return fmt.Errorf("%s needs a subcommand", m.command)
		}
		m.command += " " + args[0]
		args = args[1:]
	case "serve", "migrate", "schedule":
	default:
		printUsage(m.Stderr)
		return fmt.Errorf("unknown command %q", m.command)
	}

	fs := flag.NewFlagSet("danchu "+m.command, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	admin := registerAdminFlags(fs, m.command)
	cfg, err := parseConfig(fs, args, m.Getenv)
	if err != nil {
		return err
	}
	m.Config = cfg
	m.rest = fs.Args()
	if admin != nil {
		m.adminFlags = *admin
	}

	settings, err := danchu.LoadSettingsFile(cfg.SettingsFile)
	if err != nil {
		return fmt.Errorf("DANCHU_SETTINGS: %w", err)
	}
	m.Settings = settings
	return nil
}

// Serving reports whether Run started the long-running service.
func (m *Main) Serving() bool { return m.server != nil }

// Run carries out the command. For serve it starts the service and returns
// once it is ready; Close stops it.
func (m *Main) Run(ctx context.Context) error {
	switch m.command {
	case "version":
		fmt.Fprintln(m.Stdout, "danchu", Version)
		return nil
	case "settings print":
		out, err := m.Settings.Marshal()
		if err != nil {
			return err
		}
		_, err = m.Stdout.Write(out)
		return err
	case "migrate":
		return m.migrate(ctx)
	case "schedule":
		return m.schedule(ctx)
	case "admin invite", "admin roles", "admin revoke", "admin verify-receipts":
		return m.runAdmin(ctx)
	case "serve":
		srv, err := startServer(ctx, m)
		if err != nil {
			return err
		}
		m.server = srv
		return nil
	}
	return fmt.Errorf("unknown command %q", m.command)
}

// Close stops the service: no new updates, in-flight ones finished, pools closed.
func (m *Main) Close() error {
	if m.server == nil {
		return nil
	}
	err := m.server.Close()
	m.server = nil
	return err
}

// logger builds the program's logger. It never logs personal data: packages
// log chat ids hashed and no message text.
func (m *Main) logger() *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(m.Config.LogLevel)) // checked by parseConfig
	opts := &slog.HandlerOptions{Level: level}
	if m.Config.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(m.Stderr, opts))
}
