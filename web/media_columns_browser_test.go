package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/media"
)

// measureLibrary reports every library cell whose value a person would
// have to read letter by letter: a number, a date or a state broken over
// lines, a button squeezed, or a table wider than the screen.
const measureLibrary = `(() => {
  const lines = el => {
    const r = document.createRange(); r.selectNodeContents(el);
    const tops = new Set();
    for (const q of r.getClientRects()) if (q.width > 0 && q.height > 0) tops.add(Math.round(q.top));
    return tops.size;
  };
  const bad = [];
  for (const td of document.querySelectorAll("#media tbody td")) {
    const id = td.closest("tr").dataset.id, label = td.dataset.label;
    const one = ["时长", "占用空间", "上传时间", "清晰度"].includes(label) ? [td] :
      Array.from(td.querySelectorAll(".badge, .button, button"));
    for (const el of one) {
      const n = lines(el);
      if (n > 1) bad.push("asset " + id + " " + label + " " + JSON.stringify(el.textContent.trim()) + " on " + n + " lines, " + Math.round(el.getBoundingClientRect().width) + " px");
    }
  }
  const wrap = document.querySelector(".table-wrap");
  if (wrap.scrollWidth > wrap.clientWidth + 1) bad.push("table " + wrap.scrollWidth + " px in " + wrap.clientWidth + " px");
  if (document.documentElement.scrollWidth > innerWidth + 1) bad.push("page " + document.documentElement.scrollWidth + " px wide on a " + innerWidth + " px screen");
  return bad;
})()`

// The library at desktop and phone width, with a lecture refused for a
// long reason beside a ready one: the reason wraps in its own cell, the
// duration, size, date and state stay on one line each.
func TestBrowserLibraryColumns(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryProxy)
	trainer := ms.login(t, "demo_trainer")
	png := ingestFile(t, trainer, "第三讲 配套幻灯片（图片，误传）", pngFile(t))
	ready := ingestFile(t, trainer, "第一讲 新时代党员教育管理工作条例解读", makeClip(t, 2, "320x240"))
	ms.waitState(t, png, media.StateFailed)
	ms.waitReady(t, ready)
	for _, width := range []int{1366, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := testenv.Browser(t, 40*time.Second, width)
			browserLoginTo(t, ctx, ms.URL, "demo_trainer")
			do(t, ctx, "open the library", chromedp.Navigate(ms.URL+"/media"), chromedp.WaitVisible(chromedp.ID("media")))
			for _, b := range eval[[]string](t, ctx, measureLibrary) {
				t.Errorf("at %d px: %s", width, b)
			}
		})
	}
}
