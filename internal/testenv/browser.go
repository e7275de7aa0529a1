package testenv

import (
	"cmp"
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser starts headless Chromium (Debian's, or LMS_CHROMIUM) with a fresh
// profile, for at most timeout. It may start media without a click; the
// networking flags keep it from calling outside hosts. width is the window
// width in CSS pixels (412 is a phone's).
func Browser(t testing.TB, timeout time.Duration, width int) context.Context {
	t.Helper()
	exe := cmp.Or(os.Getenv("LMS_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("Chromium not found at %s (install Debian's chromium or set LMS_CHROMIUM): %v", exe, err)
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Headless,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(width, 900))
	bctx, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(func(string, ...any) {}))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}
