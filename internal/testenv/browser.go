package testenv

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// Browser starts headless Chromium with a phone-sized window and a fresh
// profile, or skips when it is not installed (fails when CI=true, where
// .ci/run installs it). The flags keep it off the network, which this
// machine does not have.
func Browser(tb testing.TB) context.Context {
	tb.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing and CI=true: install it (apt-get install -y chromium)", ChromiumPath)
		}
		tb.Skipf("skipped: %s is not installed (apt-get install -y chromium)", ChromiumPath)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(ChromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(390, 844),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}
