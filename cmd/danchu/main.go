// Command danchu runs the grassroots-democracy bot of a commune-level
// People's Committee. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	m := NewMain()
	if err := m.ParseFlags(ctx, os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "danchu:", err)
		os.Exit(2)
	}
	redis.SetLogger(redisLog{m.logger()})
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "danchu:", err)
		os.Exit(1)
	}
	if m.Serving() {
		<-ctx.Done()
		if err := m.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "danchu:", err)
			os.Exit(1)
		}
	}
}

// usage is printed for `danchu help` and unknown commands.
const usage = `danchu: the grassroots-democracy bot of a commune-level People's Committee.

Usage:
  danchu [serve] [flags]          run the service (the default)
  danchu migrate [flags]          apply database migrations
  danchu admin invite --role ROLE [--tieu-khu NAME] [--ttl 72h]
                                  print a one-time code that gives a role
  danchu admin roles              list who has which role
  danchu admin revoke --telegram-id ID --role ROLE
  danchu admin verify-receipts    check the chain of petition receipts
  danchu schedule                 list the next runs of every job
  danchu settings print           write the effective settings file
  danchu version                  print the version

Roles: chairman, official, tieu_khu_head, supervisor, admin.
Every command takes the settings flags; see "danchu serve --help".
`

// printUsage writes usage to w.
func printUsage(w io.Writer) { fmt.Fprint(w, usage) }
