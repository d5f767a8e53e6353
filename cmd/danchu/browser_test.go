package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"danchu/internal/testenv"

	"github.com/chromedp/chromedp"
)

// pageWait bounds each step on the page: generous, because machines are
// noisy; nothing asserts how long a step took.
const pageWait = 30 * time.Second

// phone is the simulator's chat page open in the browser, against the
// real program.
type phone struct {
	t       *testing.T
	w       *world
	browser context.Context
	shots   []string // directories that get the screenshots
}

// do runs the steps of one thing a person does; on failure it keeps a
// screenshot and prints the chat as the simulator holds it.
func (p *phone) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.browser, pageWait)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.screenshot("failed.png")
		var chat string
		for _, u := range p.w.sim.Users() {
			msgs, _ := p.w.sim.Messages(context.Background(), u.ID, 0, 0)
			chat += dump(msgs)
		}
		p.t.Fatalf("%s: %v\nthe chat:\n%s\nthe program said:\n%s", what, err, chat, p.w.out)
	}
}

// text reads the text of the first element that matches sel.
func (p *phone) text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.browser, pageWait)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("read %s: %v", sel, err)
	}
	return got
}

// screenshot saves what the screen shows as a PNG in every directory of
// p.shots.
func (p *phone) screenshot(name string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.browser, pageWait)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	for _, dir := range p.shots {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			p.t.Errorf("screenshot directory: %v", err)
			continue
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			p.t.Errorf("save screenshot: %v", err)
			continue
		}
		p.t.Logf("screenshot: %s", path)
	}
}

// pageHasBotText is a page condition: a bot message whose text contains s.
func pageHasBotText(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('.bot-msg .text')].some(e => e.textContent.includes(`+jsString(s)+`))`,
		chromedp.WithPollingTimeout(pageWait))
}

// jsString quotes s for JavaScript (JSON is valid JavaScript).
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// A person registers through the chat page on a phone-sized screen, with the
// real program on SQLite and memory behind the simulator: a new user from
// the page's form, /start, consent, the Telegram name, the contact shared
// with the reply keyboard's button, a neighbourhood, the confirmation.
// DANCHU_SCREENSHOT_DIR keeps the final screenshot for a person to look at.
func TestRegistrationOnThePhonePage(t *testing.T) {
	browser := testenv.Browser(t)
	db, _ := engines(t)["sqlite+memory"](t)
	w := newWorld(t, db, "")
	w.start()

	p := &phone{t: t, w: w, browser: browser, shots: []string{t.TempDir()}}
	if dir := os.Getenv("DANCHU_SCREENSHOT_DIR"); dir != "" {
		p.shots = append(p.shots, dir)
	}
	// the first call starts the browser, which lives as long as its
	// context: no timeout on it. Headless Chromium keeps a window at least
	// 500 pixels wide, so the phone's screen is emulated: 390×844, as a
	// common phone, at twice the pixels for a sharp screenshot.
	if err := chromedp.Do(browser,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(w.simURL+"/"),
	); err != nil {
		t.Fatalf("open the chat page: %v", err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	p.do("add a user with the page's form",
		chromedp.WaitVisible(css("#new-user-first")),
		chromedp.SendKeys(css("#new-user-first"), "Lan"),
		chromedp.SendKeys(css("#new-user-last"), "Nguyễn Thị"),
		chromedp.SendKeys(css("#new-user-phone"), "0987654321"),
		chromedp.Click(css("#new-user-submit")),
		chromedp.WaitReady(css("#users li.active")),
	)
	p.do("type /start",
		chromedp.WaitVisible(css("#text")),
		chromedp.SendKeys(css("#text"), "/start"),
		chromedp.Click(css("#send")),
		pageHasBotText("dữ liệu cá nhân"),
	)
	// the person reads the button, so it is found by its words
	p.do(`press "Tôi đồng ý"`,
		chromedp.Click(chromedp.Search(`//button[contains(@class, "inline-btn") and normalize-space(.) = "Tôi đồng ý"]`)),
	)
	p.do("see the button with the Telegram name",
		chromedp.WaitVisible(css(`.inline-btn[data-data="reg:tgname"]`)),
	)
	if got := p.text(`.inline-btn[data-data="reg:tgname"]`); !strings.Contains(got, "Lan") {
		t.Errorf("the Telegram-name button says %q, want the name Lan on it", got)
	}
	p.do("press the button with the Telegram name",
		chromedp.Click(css(`.inline-btn[data-data="reg:tgname"]`)),
	)
	p.do("share the contact with the reply keyboard's button",
		chromedp.WaitVisible(css(`#reply-keyboard .reply-btn[data-request="contact"]`)),
		chromedp.Click(css(`#reply-keyboard .reply-btn[data-request="contact"]`)),
		pageHasBotText("+84987654321"),
		chromedp.WaitNotVisible(css("#reply-keyboard")),
	)
	p.do("pick a neighbourhood",
		chromedp.WaitVisible(css(`.inline-btn[data-data="reg:nb:1"]`)),
		chromedp.Click(css(`.inline-btn[data-data="reg:nb:1"]`)),
		pageHasBotText("kiểm tra lại"),
	)
	p.do("confirm",
		chromedp.WaitVisible(css(`.inline-btn[data-data="reg:ok"]`)),
		chromedp.Click(css(`.inline-btn[data-data="reg:ok"]`)),
		pageHasBotText("đăng ký thành công"),
	)
	p.screenshot("registration.png")
}
