package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/app"
	"lms/internal/app/apptest"
	"lms/internal/objstore"
	"lms/media"
)

// mediaServer is the whole program with its River workers running, so
// uploads are transcoded as in production.
type mediaServer struct {
	*testServer
	Media  *media.Service
	Store  *objstore.Store
	DB     *pgxpool.Pool
	server *Server
}

func newMediaServer(t *testing.T, delivery string) *mediaServer {
	return newMediaServerWith(t, delivery, nil)
}

// newMediaServerWith wraps the server's handler, e.g. to slow uploads down.
func newMediaServerWith(t *testing.T, delivery string, wrap func(http.Handler) http.Handler) *mediaServer {
	t.Helper()
	a, srv := appServer(t, apptest.Options{Workers: 2, Config: func(c *app.Config) { c.Media.Delivery = delivery }}, nil)
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &mediaServer{testServer: &testServer{Server: ts, App: a, Org: a.Org, Course: a.Course}, Media: a.Media,
		Store: a.Store, DB: a.Pool, server: srv}
}

// waitReady polls the asset until it is ready (or fails the test).
func (ms *mediaServer) waitReady(t *testing.T, id int64) *media.Asset {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		a, err := ms.Media.Asset(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.State == media.StateReady {
			return a
		}
		if a.State == media.StateFailed {
			t.Fatalf("asset %d failed: %s", id, a.Error)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("asset %d not ready in time", id)
	return nil
}

// makeClip writes a short generated lecture.
func makeClip(t *testing.T, seconds int, size string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lecture.mp4")
	d := fmt.Sprint(seconds)
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s="+size+":r=25:d="+d,
		"-f", "lavfi", "-i", "sine=f=440:d="+d, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return path
}

// raw sends a request with a body and returns status and body.
func (c *client) raw(method, path, ctype string, body io.Reader) (int, []byte, http.Header) {
	c.t.Helper()
	if !strings.HasPrefix(path, "http") {
		path = c.base + path
	}
	req, _ := http.NewRequest(method, path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// uploadViaAPI sends a file as the browser does: parts to the app.
func uploadViaAPI(t *testing.T, c *client, path string) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var u struct {
		ID       int64 `json:"id"`
		Parts    int   `json:"parts"`
		PartSize int64 `json:"part_size"`
	}
	if st := c.do("POST", "/api/v1/media/uploads", map[string]any{"filename": "第一讲.mp4", "size": len(data)}, &u); st != 201 {
		t.Fatalf("start upload: %d", st)
	}
	for n := 1; n <= u.Parts; n++ {
		var p struct{ URL string }
		if st := c.do("POST", fmt.Sprintf("/api/v1/media/uploads/%d/parts/%d", u.ID, n), nil, &p); st != 200 {
			t.Fatalf("part url: %d", st)
		}
		part := data[int64(n-1)*u.PartSize : min(int64(len(data)), int64(n)*u.PartSize)]
		if st, body, _ := c.raw("PUT", p.URL, "", bytes.NewReader(part)); st/100 != 2 {
			t.Fatalf("put part %d: %d %s", n, st, body)
		}
	}
	var a struct{ ID int64 }
	if st := c.do("POST", fmt.Sprintf("/api/v1/media/uploads/%d/complete", u.ID), nil, &a); st != 201 {
		t.Fatalf("complete: %d", st)
	}
	return a.ID
}

type playbackOut struct {
	URL, Base  string
	Storyboard string
	Renditions []media.Rung
}

func TestMediaUploadPlaybackAndLinks(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryProxy)
	trainer := ms.login(t, "demo_trainer")
	id := uploadViaAPI(t, trainer, makeClip(t, 9, "640x360"))
	ms.waitReady(t, id)

	var pb playbackOut
	if st := trainer.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", id), nil, &pb); st != 200 {
		t.Fatalf("playback: %d", st)
	}
	anon := ms.client(t)
	if st, _, _ := anon.raw("GET", pb.URL, "", nil); st != 403 {
		t.Fatalf("master without a session, within the link's life: %d", st)
	}
	st, master, _ := trainer.raw("GET", pb.URL, "", nil)
	if st != 200 || !strings.Contains(string(master), "360p/index.m3u8") {
		t.Fatalf("master: %d %s", st, master)
	}
	st, list, _ := trainer.raw("GET", pb.Base+"360p/index.m3u8", "", nil)
	if st != 200 || !strings.Contains(string(list), "seg_00001.ts") {
		t.Fatalf("rendition playlist: %d %s", st, list)
	}
	seg := pb.Base + "360p/seg_00001.ts"
	if st, body, h := trainer.raw("GET", seg, "", nil); st != 200 || len(body) < 1000 || h.Get("Content-Encoding") != "" {
		t.Fatalf("segment: %d, %d bytes, encoding %q", st, len(body), h.Get("Content-Encoding"))
	}
	spans, err := ms.Media.FetchedSpans(context.Background(), userID(t, ms, "demo_trainer"), id, time.Now().Add(-time.Minute))
	if err != nil || len(spans) != 1 || spans[0].Start != 4 {
		t.Errorf("fetched spans %v %v", spans, err)
	}

	// Another user's session never uses this link; a learner cannot play.
	learner := ms.login(t, "demo_learner")
	if st, _, _ := learner.raw("GET", seg, "", nil); st != 403 {
		t.Errorf("segment with another user's session: %d", st)
	}
	if st := learner.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", id), nil, &apiError{}); st != 404 {
		t.Errorf("learner playback: %d", st)
	}
	// An expired link: refused without the session, accepted with it.
	old := ms.server.signPlay(playToken{Asset: id, User: userID(t, ms, "demo_trainer"), Expires: time.Now().Add(-time.Second)})
	expired := "/media/s/" + old + "/360p/seg_00000.ts"
	if st, _, _ := anon.raw("GET", expired, "", nil); st != 403 {
		t.Errorf("expired link without a session: %d", st)
	}
	if st, _, _ := trainer.raw("GET", expired, "", nil); st != 200 {
		t.Errorf("expired link with the owner's session: %d", st)
	}
	forged := strings.Replace(pb.Base, fmt.Sprintf("/%d.", id), fmt.Sprintf("/%d.", id+1), 1)
	for _, bad := range []string{forged + "master.m3u8", pb.Base + "../source", pb.Base + "360p/seg_00099.ts", pb.Base + "source"} {
		if st, _, _ := trainer.raw("GET", bad, "", nil); st != 403 && st != 404 {
			t.Errorf("GET %s: %d", bad, st)
		}
	}
}

func TestMediaRedirectDelivery(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryRedirect)
	trainer := ms.login(t, "demo_trainer")
	id := uploadViaAPI(t, trainer, makeClip(t, 5, "320x240"))
	ms.waitReady(t, id)
	var pb playbackOut
	trainer.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", id), nil, &pb)
	st, _, h := trainer.raw("GET", pb.Base+"240p/seg_00000.ts", "", nil)
	loc := h.Get("Location")
	if st != 302 || !strings.Contains(loc, "X-Amz-Expires=60&") {
		t.Fatalf("redirect: %d %s", st, loc)
	}
	resp, err := http.Get(loc)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("presigned segment: %v %v", resp, err)
	}
	resp.Body.Close()
	spans, _ := ms.Media.FetchedSpans(context.Background(), userID(t, ms, "demo_trainer"), id, time.Now().Add(-time.Minute))
	if len(spans) != 1 || spans[0].Start != 0 {
		t.Errorf("spans after a redirected segment: %v", spans)
	}
	// In redirect mode the browser sends parts straight to the store.
	var u struct{ ID int64 }
	trainer.do("POST", "/api/v1/media/uploads", map[string]any{"filename": "b.mp4", "size": 10}, &u)
	var p struct {
		URL    string
		Direct bool
	}
	trainer.do("POST", fmt.Sprintf("/api/v1/media/uploads/%d/parts/1", u.ID), nil, &p)
	if !p.Direct || !strings.Contains(p.URL, "uploadId=") {
		t.Errorf("part URL in redirect mode: %+v", p)
	}
}

// Scripts send a whole file in one multipart request, over the 25 MB body
// limit of the rest of the API, streamed to the store.
func TestMediaIngestAPI(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryProxy)
	trainer := ms.login(t, "demo_trainer")
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("title", "大文件")
		fw, _ := mw.CreateFormFile("file", "big.mp4")
		_, _ = io.CopyN(fw, zeroReader{}, 30<<20)
		_ = mw.Close()
		_ = pw.Close()
	}()
	st, body, _ := trainer.raw("POST", "/api/v1/media", mw.FormDataContentType(), pr)
	if st != 201 || !strings.Contains(string(body), `"title":"大文件"`) || !strings.Contains(string(body), `"source_size":31457280`) {
		t.Fatalf("ingest: %d %s", st, body)
	}
	learner := ms.login(t, "demo_learner")
	if st := learner.do("GET", "/api/v1/media", nil, &apiError{}); st != 403 {
		t.Errorf("learner lists media: %d", st)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func userID(t *testing.T, ms *mediaServer, username string) int64 {
	u, err := ms.Org.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
