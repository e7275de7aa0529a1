package web

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

var iconLink = regexp.MustCompile(`<link rel="icon"[^>]*href="([^"]+)"`)

// Every first page a browser opens asks for /favicon.ico before anyone
// signs in; it and the icons the layout links must be there.
func TestFavicon(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	anon := ts.client(t)
	st, body, h := anon.raw("GET", "/favicon.ico", "", nil)
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "image/") || !bytes.HasPrefix(body, []byte{0, 0, 1, 0}) {
		t.Fatalf("/favicon.ico: %d %q, %d bytes", st, h.Get("Content-Type"), len(body))
	}
	if h.Get("Cache-Control") == "" {
		t.Error("/favicon.ico is not cacheable: every page would ask again")
	}
	for _, c := range []*client{anon, ts.login(t, "demo_learner")} {
		path := "/"
		if c == anon {
			path = "/login"
		}
		_, page := c.get(path)
		links := iconLink.FindAllStringSubmatch(page, -1)
		if len(links) == 0 {
			t.Fatalf("%s links no icon", path)
		}
		for _, l := range links {
			if st, _, h := c.raw("GET", l[1], "", nil); st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "image/") {
				t.Errorf("%s links %s: %d %q", path, l[1], st, h.Get("Content-Type"))
			}
		}
	}
}
