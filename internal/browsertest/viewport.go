package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Widths the pages are checked at: a desktop and a small phone (an iPhone
// 12–15 is 390 CSS pixels wide).
const (
	Desktop = 1280
	Phone   = 390
)

// SetWidth makes the viewport width CSS pixels wide (900 high), as a
// phone when width is Phone or less: the page lays out as it would there.
func (b *Browser) SetWidth(t testing.TB, width int) {
	t.Helper()
	mobile := width <= Phone
	b.Run(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: int64(width), Height: 900, DeviceScaleFactor: 1, Mobile: mobile})
		return err
	}))
}

// Overflow reports how many CSS pixels the page is wider than the
// viewport (0 when nothing scrolls sideways), and the widest element that
// sticks out, for the failure message.
func (b *Browser) Overflow(t testing.TB) (int, string) {
	t.Helper()
	type result struct {
		Extra int    `json:"extra"`
		Who   string `json:"who"`
	}
	js := `(() => {
		const root = document.documentElement, extra = root.scrollWidth - root.clientWidth;
		const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
			if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
		let who = "", right = root.clientWidth;
		if (extra > 0) for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			if (r.right > right + 0.5 && !clipped(e)) { right = r.right; who = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""); }
		}
		return {extra: extra, who: who};
	})()`
	r := Get(t, b, chromedp.Evaluate[result](js))
	return r.Extra, r.Who
}
