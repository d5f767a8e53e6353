package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"danchu/storage"
	"danchu/storage/kv"
)

// Config is every setting of the program. Each comes from a DANCHU_* variable
// or the matching flag (the flag wins), and is checked as a whole before start.
type Config struct {
	DatabaseURL    string
	RedisURL       string
	TelegramToken  string
	TelegramAPIURL string
	SettingsFile   string
	SecretKey      string
	HTTPAddr       string
	WebhookURL     string
	WebhookSecret  string
	ShutdownGrace  time.Duration
	SimAddr        string
	SimRate        float64
	SimState       string
	Workers        int
	SendRate       float64
	SessionTTL     time.Duration
	LogFormat      string
	LogLevel       string
	NoMigrate      bool
	Demo           bool
}

// option describes one setting: its flag, its variable, its default and help.
type option struct {
	flag, env, def, usage string
}

var options = []option{
	{"database-url", "DANCHU_DATABASE_URL", "sqlite:danchu.db", "database: postgres://USER@HOST/DB?sslmode=disable or sqlite:PATH"},
	{"redis-url", "DANCHU_REDIS_URL", "", "Redis for sessions, rate and locks (redis://HOST:PORT/DB); empty keeps them in memory"},
	{"telegram-token", "DANCHU_TELEGRAM_TOKEN", "", "bot token from @BotFather; empty starts the built-in simulator"},
	{"telegram-api-url", "DANCHU_TELEGRAM_API_URL", "https://api.telegram.org", "Bot API server (a local Bot API server, or a simulator)"},
	{"settings", "DANCHU_SETTINGS", "", "the unit's settings file (YAML); empty uses the built-in thị trấn Hà Trung"},
	{"secret-key", "DANCHU_SECRET_KEY", "", "key that encrypts secret data at rest (32 bytes, base64); empty keeps a key file beside a SQLite database"},
	{"http-addr", "DANCHU_HTTP_ADDR", "", "address of the operators' HTTP server (health, metrics, webhook); empty: none"},
	{"webhook-url", "DANCHU_WEBHOOK_URL", "", "public https URL Telegram posts updates to (webhook mode, for several replicas); empty: long polling"},
	{"webhook-secret", "DANCHU_WEBHOOK_SECRET", "", "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1 to 256 of A-Z a-z 0-9 _ -); required with a webhook"},
	{"shutdown-grace", "DANCHU_SHUTDOWN_GRACE", "20s", "how long a stop waits for updates and sends in flight"},
	{"sim-addr", "DANCHU_SIM_ADDR", "127.0.0.1:8080", "address of the built-in simulator and its chat page (without a token)"},
	{"sim-state", "DANCHU_SIM_STATE", "", "file that keeps the simulator's virtual users and chats across restarts; empty: beside a SQLite database, or danchu-sim.json"},
	{"sim-rate", "DANCHU_SIM_RATE", "30", "messages a second the simulator accepts in all, like Telegram"},
	{"workers", "DANCHU_WORKERS", "8", "chats handled at the same time"},
	{"send-rate", "DANCHU_SEND_RATE", "25", "messages a second the outbox sender sends in all, shared by replicas (Telegram allows about 30)"},
	{"session-ttl", "DANCHU_SESSION_TTL", "168h", "how long an unfinished conversation is kept"},
	{"log-format", "DANCHU_LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "DANCHU_LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"no-migrate", "DANCHU_NO_MIGRATE", "false", "do not apply database migrations on start"},
	{"demo", "DANCHU_DEMO", "false", "seed the simulator with virtual users in every role (simulator only)"},
}

// parseConfig reads the settings from getenv and args. It returns every
// problem at once, each naming the variable and what to do.
func parseConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	values := map[string]*string{}
	switches := map[string]*bool{}
	var envErrs []error
	for _, o := range options {
		v := o.def
		if env := getenv(o.env); env != "" {
			v = env
		}
		help := fmt.Sprintf("%s (%s, default %q)", o.usage, o.env, o.def)
		if o.def == "false" { // a switch: --demo, --no-migrate
			on, err := strconv.ParseBool(v)
			if err != nil {
				envErrs = append(envErrs, fmt.Errorf("%s: %q: use true or false", o.env, v))
			}
			switches[o.flag] = fs.Bool(o.flag, on, help)
			continue
		}
		values[o.flag] = fs.String(o.flag, v, help)
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	errs := envErrs
	bad := func(name, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", envOf(name), fmt.Sprintf(format, a...)))
	}
	get := func(name string) string { return strings.TrimSpace(*values[name]) }

	c := Config{
		DatabaseURL:    get("database-url"),
		RedisURL:       get("redis-url"),
		TelegramToken:  get("telegram-token"),
		TelegramAPIURL: strings.TrimRight(get("telegram-api-url"), "/"),
		SettingsFile:   get("settings"),
		SecretKey:      get("secret-key"),
		HTTPAddr:       get("http-addr"),
		WebhookURL:     get("webhook-url"),
		WebhookSecret:  get("webhook-secret"),
		SimAddr:        get("sim-addr"),
		SimState:       get("sim-state"),
		LogFormat:      get("log-format"),
		LogLevel:       get("log-level"),
	}

	if _, _, err := storage.ParseURL(c.DatabaseURL); err != nil {
		errs = append(errs, err)
	}
	if _, _, err := kv.ParseURL(c.RedisURL); err != nil {
		errs = append(errs, err)
	}
	if u, err := url.Parse(c.TelegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("telegram-api-url", "%q is not an http(s) URL", c.TelegramAPIURL)
	}
	if c.TelegramToken != "" && !strings.Contains(c.TelegramToken, ":") {
		bad("telegram-token", "a token from @BotFather looks like 123456:ABC-DEF...")
	}
	for _, name := range []string{"http-addr", "sim-addr"} {
		if v := get(name); v != "" {
			if _, _, err := net.SplitHostPort(v); err != nil {
				bad(name, "%q is not HOST:PORT (for example 127.0.0.1:8080 or :0)", v)
			}
		}
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		switch {
		case err != nil || u.Host == "":
			bad("webhook-url", "%q is not a URL", c.WebhookURL)
		case u.Scheme != "https" && !isLoopback(u.Hostname()):
			bad("webhook-url", "Telegram posts only to https:// addresses")
		}
		if c.HTTPAddr == "" {
			bad("http-addr", "a webhook needs the HTTP server: set it, for example :8443")
		}
		if !webhookSecret.MatchString(c.WebhookSecret) {
			bad("webhook-secret", "use 1 to 256 of A-Z, a-z, 0-9, _ and - (for example the output of `openssl rand -hex 32`)")
		}
		if c.UseSimulator() && c.TelegramAPIURL == "https://api.telegram.org" {
			bad("webhook-url", "a webhook needs DANCHU_TELEGRAM_TOKEN (the built-in simulator is polled)")
		}
	}
	var err error
	if c.ShutdownGrace, err = time.ParseDuration(get("shutdown-grace")); err != nil || c.ShutdownGrace <= 0 {
		bad("shutdown-grace", "%q is not a positive duration (for example 20s)", get("shutdown-grace"))
	}
	if c.SimRate, err = strconv.ParseFloat(get("sim-rate"), 64); err != nil || c.SimRate <= 0 {
		bad("sim-rate", "%q is not a positive number", get("sim-rate"))
	}
	if c.SendRate, err = strconv.ParseFloat(get("send-rate"), 64); err != nil || c.SendRate <= 0 || c.SendRate > 1000 {
		bad("send-rate", "%q is not a number of messages a second from 0 to 1000", get("send-rate"))
	}
	if c.Workers, err = strconv.Atoi(get("workers")); err != nil || c.Workers < 1 || c.Workers > 1000 {
		bad("workers", "%q is not a number from 1 to 1000", get("workers"))
	}
	if c.SessionTTL, err = time.ParseDuration(get("session-ttl")); err != nil || c.SessionTTL < time.Minute {
		bad("session-ttl", "%q is not a duration of at least 1m (for example 168h)", get("session-ttl"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log-format", "%q: use text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log-level", "%q: use debug, info, warn or error", c.LogLevel)
	}
	c.NoMigrate = *switches["no-migrate"]
	c.Demo = *switches["demo"]
	if c.Demo && c.TelegramToken != "" {
		bad("demo", "demo users live in the simulator: unset DANCHU_TELEGRAM_TOKEN or drop --demo")
	}
	return c, errors.Join(errs...)
}

// UseSimulator reports whether the program runs its own simulator.
func (c Config) UseSimulator() bool { return c.TelegramToken == "" }

var webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func envOf(flagName string) string {
	for _, o := range options {
		if o.flag == flagName {
			return o.env
		}
	}
	return flagName
}
