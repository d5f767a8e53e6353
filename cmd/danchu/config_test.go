package main

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func env(pairs ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) string { return m[k] }
}

func parse(t *testing.T, args []string, getenv func(string) string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return parseConfig(fs, args, getenv)
}

func TestConfigDefaultsRunOnSQLiteMemoryAndTheSimulator(t *testing.T) {
	c, err := parse(t, nil, env())
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:danchu.db" || c.RedisURL != "" || !c.UseSimulator() {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestConfigFlagsWinOverVariables(t *testing.T) {
	c, err := parse(t, []string{"--database-url", "sqlite:flag.db", "--demo"},
		env("DANCHU_DATABASE_URL", "sqlite:env.db", "DANCHU_WORKERS", "3"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:flag.db" || c.Workers != 3 || !c.Demo {
		t.Fatalf("got %+v", c)
	}
}

// Errors name the variable and say what to do, all at once.
func TestConfigErrorsArePersonActionable(t *testing.T) {
	_, err := parse(t, nil, env(
		"DANCHU_DATABASE_URL", "mysql://x",
		"DANCHU_REDIS_URL", "memcache://y",
		"DANCHU_WORKERS", "zero",
		"DANCHU_LOG_FORMAT", "xml",
		"DANCHU_NO_MIGRATE", "perhaps",
	))
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`DANCHU_DATABASE_URL: unknown scheme "mysql": use postgres://... or sqlite:PATH`,
		`DANCHU_REDIS_URL: unknown scheme "memcache"`,
		`DANCHU_WORKERS: "zero" is not a number`,
		`DANCHU_LOG_FORMAT: "xml": use text or json`,
		`DANCHU_NO_MIGRATE: "perhaps": use true or false`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
}

func TestServeHelpListsEverySettingWithItsDefault(t *testing.T) {
	var out strings.Builder
	m := &Main{Stdout: &out, Stderr: &out, Getenv: env()}
	err := m.ParseFlags(t.Context(), []string{"serve", "--help"})
	if err != flag.ErrHelp {
		t.Fatalf("want flag.ErrHelp, got %v", err)
	}
	for _, o := range options {
		if !strings.Contains(out.String(), "-"+o.flag) || !strings.Contains(out.String(), o.env) {
			t.Errorf("help does not list %s (%s)", o.flag, o.env)
		}
	}
}
