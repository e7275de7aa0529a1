package web

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// On a phone (390 px, emulated) the SCORM lesson page and the trainer's
// SCORM lesson page fit the width and keep every control 44 × 44 px.
func TestBrowserScormPagesOnAPhone(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "RuntimeMinimumCalls_SCORM12.zip", "completed", 60)
	for _, tc := range []struct{ user, path, ready string }{
		{"demo_learner", fmt.Sprintf("/lessons/%d", ss.lessonID), "#sco-frame"},
		{"demo_trainer", fmt.Sprintf("/teach/lessons/%d", ss.lessonID), "#scorm-package"},
	} {
		b := testenv.Browser(t, 60*time.Second, 390)
		do(t, b, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), acceptDialogs())
		browserLogin(t, b, ss.URL, tc.user)
		do(t, b, "open "+tc.path, chromedp.Navigate(ss.URL+tc.path), chromedp.WaitVisible(chromedp.CSS(tc.ready)))
		if w := js[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("%s scrolls sideways on a phone: %d px in %d", tc.path, w[0], w[1])
		}
		if small := js[[]string](t, b, smallTargets); len(small) > 0 {
			t.Errorf("%s: tap targets under 44 px: %s", tc.path, strings.Join(small, " | "))
		}
		if dir := os.Getenv("LMS_SCREENSHOTS"); dir != "" {
			png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
			if err == nil {
				_ = os.WriteFile(fmt.Sprintf("%s/scorm-%s.png", dir, tc.user), png, 0o644)
			}
		}
	}
}
