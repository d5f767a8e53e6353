package sim

import (
	"context"
	"strings"
	"testing"

	"danchu/internal/testenv"

	"github.com/chromedp/chromedp"
)

// The page as a resident would use it on a phone: add a user, write, get
// the bot's answer with a button, press it and see the edit; a reply
// keyboard's contact button shares the phone number.
func TestChatPage(t *testing.T) {
	browser := testenv.Browser(t)
	s, base := MustServer(t, Options{Strict: true})
	MustBot(t, base, s.Token(), echoBot(t, nil))

	// the first call starts the browser: no timeout on it
	if err := chromedp.Do(browser, chromedp.Navigate(base+"/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(browser, waitLong)
		defer cancel()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(browser, waitLong)
		defer cancel()
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(got)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	do("add a user",
		chromedp.WaitVisible(css("#new-user-first")),
		chromedp.SendKeys(css("#new-user-first"), "Lan"),
		chromedp.SendKeys(css("#new-user-last"), "Trần Thị"),
		chromedp.SendKeys(css("#new-user-phone"), "+84911111111"),
		chromedp.Click(css("#new-user-submit")),
		chromedp.WaitReady(css(`#users li[data-id="100001"].active`)),
	)
	do("write to the bot",
		chromedp.WaitVisible(css("#text")),
		chromedp.SendKeys(css("#text"), "Xin chào"),
		chromedp.Click(css("#send")),
		chromedp.WaitVisible(css(`.bot-msg .inline-btn[data-data="sua"]`)),
	)
	if got := text(".bot-msg .text"); got != "Bạn nói: Xin chào" {
		t.Fatalf("bot message = %q", got)
	}
	do("press the inline button",
		chromedp.Click(css(`.bot-msg .inline-btn[data-data="sua"]`)),
		chromedp.WaitVisible(css(".bot-msg.edited")),
	)
	if got := text(".bot-msg.edited .text"); got != "Bạn nói: Xin chào (đã bấm sua)" {
		t.Fatalf("edited message = %q", got)
	}
	do("ask for the reply keyboard",
		chromedp.SendKeys(css("#text"), "/menu"),
		chromedp.Click(css("#send")),
		chromedp.WaitVisible(css(`.reply-btn[data-request="contact"]`)),
	)
	do("share the contact with its button",
		chromedp.Click(css(`.reply-btn[data-request="contact"]`)),
		chromedp.WaitNotVisible(css("#reply-keyboard")),
	)
	do("see the bot's answer to the contact",
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('.bot-msg .text')].some(e => e.textContent.startsWith('Số của bạn: +84911111111'))`,
			chromedp.WithPollingTimeout(waitLong)),
	)
	MustNoViolations(t, s)
}
