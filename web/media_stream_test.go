package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"lms/course"
	"lms/media"
	"lms/org"
)

// playedLecture is a ready lecture of demo_trainer with a subtitle, and
// the playback the trainer was given for it.
type playedLecture struct {
	ms      *mediaServer
	id      int64
	owner   int64
	trainer *client
	pb      playbackOut
}

func newPlayedLecture(t *testing.T, delivery string) *playedLecture {
	t.Helper()
	ms := newMediaServer(t, delivery)
	trainer := ms.login(t, "demo_trainer")
	id := uploadViaAPI(t, trainer, makeClip(t, 5, "320x240"))
	ms.waitReady(t, id)
	vtt := "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n同志们好\n"
	if st, body, _ := trainer.raw("PUT", fmt.Sprintf("/api/v1/media/%d/subtitles/zh", id), "text/vtt", strings.NewReader(vtt)); st != 200 {
		t.Fatalf("subtitle: %d %s", st, body)
	}
	p := &playedLecture{ms: ms, id: id, owner: userID(t, ms, "demo_trainer"), trainer: trainer}
	if st := trainer.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", id), nil, &p.pb); st != 200 {
		t.Fatalf("playback: %d", st)
	}
	return p
}

// urls are the seven kinds of file a player fetches under a link (and
// the storyboard's sprite and the audio playlist besides).
func (p *playedLecture) urls() map[string]string {
	b := p.pb.Base
	return map[string]string{
		"master": b + "master.m3u8", "variant": b + "240p/index.m3u8", "segment": b + "240p/seg_00000.ts",
		"audio": b + "audio/seg_00000.ts", "poster": b + "poster.jpg", "subtitles": b + "subs/zh.vtt",
		"storyboard": b + "storyboard.vtt", "storyboard sprite": b + "storyboard.jpg", "audio playlist": b + "audio/index.m3u8",
	}
}

// token issues a personal API token of a demo user.
func (p *playedLecture) token(t *testing.T, username string) string {
	t.Helper()
	tok, err := p.ms.Org.CreateAPIToken(context.Background(), org.System(), userID(t, p.ms, username), "script")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// fetch GETs a URL with the client's cookies and, when given, a bearer
// token; it returns the status.
func fetch(t *testing.T, c *client, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", c.base+url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// fetchedBy is the media time any fetch recorded for the user covers.
func (p *playedLecture) fetchedBy(t *testing.T, userID int64, since time.Time) []media.Span {
	t.Helper()
	spans, err := p.ms.Media.FetchedSpans(context.Background(), userID, p.id, since)
	if err != nil {
		t.Fatal(err)
	}
	return spans
}

// A link copied out of the owner's browser is worthless to anyone else:
// every one of the seven kinds of URL answers 403 without credentials,
// with another user's session and with another user's token, and none of
// those fetches counts as the owner's (or anyone's) for course credit.
// The owner plays with the session or with a token.
func TestMediaLinksNeedTheirUser(t *testing.T) {
	t.Parallel()
	p := newPlayedLecture(t, media.DeliveryProxy)
	since := time.Now().Add(-time.Second)
	anon, learner := p.ms.client(t), p.ms.login(t, "demo_learner")
	learnerTok, adminTok := p.token(t, "demo_learner"), p.token(t, "demo_admin")
	for kind, url := range p.urls() {
		for _, try := range []struct {
			who   string
			c     *client
			token string
		}{{"no credentials", anon, ""}, {"another user's session", learner, ""},
			{"another user's token", anon, learnerTok}, {"an admin's token", anon, adminTok},
			{"a forged token", anon, "lms_forged"}} {
			st := fetch(t, try.c, url, try.token)
			if st == 401 && try.token == "lms_forged" {
				continue // authentication itself refuses an unknown token
			}
			if st != 403 {
				t.Errorf("%s with %s: %d, want 403", kind, try.who, st)
			}
		}
	}
	for _, u := range []string{"demo_trainer", "demo_learner", "demo_admin"} {
		if got := p.fetchedBy(t, userID(t, p.ms, u), since); len(got) != 0 {
			t.Errorf("refused fetches recorded for %s: %v", u, got)
		}
	}
	ownerTok := p.token(t, "demo_trainer")
	for kind, url := range p.urls() {
		if st := fetch(t, p.trainer, url, ""); st != 200 {
			t.Errorf("%s with the owner's session: %d", kind, st)
		}
		if st := fetch(t, anon, url, ownerTok); st != 200 {
			t.Errorf("%s with the owner's token: %d", kind, st)
		}
	}
	if got := p.fetchedBy(t, p.owner, since); len(got) != 1 || got[0].Start != 0 {
		t.Errorf("the owner's own fetches: %v", got)
	}
}

// In redirect delivery the playlists still go through the app under the
// same rule, refused segments get no presigned URL, and the ones given
// live 60 s at most.
func TestMediaRedirectLinksNeedTheirUser(t *testing.T) {
	t.Parallel()
	p := newPlayedLecture(t, media.DeliveryRedirect)
	since := time.Now().Add(-time.Second)
	anon, learner := p.ms.client(t), p.ms.login(t, "demo_learner")
	for kind, url := range p.urls() {
		for _, c := range []*client{anon, learner} {
			if st := fetch(t, c, url, ""); st != 403 {
				t.Errorf("%s without the owner: %d", kind, st)
			}
		}
	}
	if got := p.fetchedBy(t, p.owner, since); len(got) != 0 {
		t.Errorf("refused fetches recorded: %v", got)
	}
	st, _, h := p.trainer.raw("GET", p.pb.Base+"240p/seg_00000.ts", "", nil)
	if loc := h.Get("Location"); st != 302 || !strings.Contains(loc, "X-Amz-Expires=60&") {
		t.Errorf("owner's segment: %d %s", st, loc)
	}
	if st, body, _ := p.trainer.raw("GET", p.pb.URL, "", nil); st != 200 || !strings.Contains(string(body), "240p/index.m3u8") {
		t.Errorf("owner's master: %d %s", st, body)
	}
}

// A lecture transcoded before the BANDWIDTH fix has a stored master that
// declares the audio's rate for every video variant; the master the app
// serves is written from the measured renditions, so it plays right
// without a new transcode.
func TestMediaMasterFromMeasuredRenditions(t *testing.T) {
	t.Parallel()
	p := newPlayedLecture(t, media.DeliveryProxy)
	ctx := context.Background()
	a, err := p.ms.Media.Asset(ctx, p.id)
	if err != nil {
		t.Fatal(err)
	}
	old := "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=128000,AVERAGE-BANDWIDTH=128000\n240p/index.m3u8\n"
	if _, err := p.ms.Store.Client.PutObject(ctx, p.ms.Store.Bucket, a.OutputPrefix+"master.m3u8",
		strings.NewReader(old), int64(len(old)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	st, body, h := p.trainer.raw("GET", p.pb.URL, "", nil)
	if st != 200 {
		t.Fatalf("master: %d", st)
	}
	if ct := h.Get("Content-Type"); ct != "application/vnd.apple.mpegurl" {
		t.Errorf("master's type: %s", ct)
	}
	video, audio := a.Renditions[0], a.Renditions[len(a.Renditions)-1]
	want := fmt.Sprintf("BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=320x240,", video.Bandwidth+audio.Bandwidth, video.AvgBandwidth+audio.AvgBandwidth)
	if !audio.Audio || !strings.Contains(string(body), want) || !strings.Contains(string(body), `URI="audio/index.m3u8"`) {
		t.Errorf("served master lacks %s:\n%s", want, body)
	}
}

// A downloader given a learner's link cannot fetch the lecture for them:
// the refused fetch earns the learner no study time, while the learner's
// own fetch of the same segment does.
func TestCopiedLinkEarnsNoCredit(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	_, lessonID := ms.videoLesson(t, false)
	learner := ms.login(t, "demo_learner")
	var r course.BeatReply
	beat := func(seq int64, played ...course.Span) {
		t.Helper()
		b := course.Beat{PlaybackID: "copied", Seq: seq, Position: 4, Played: played, Rate: 1, Visible: true}
		if st := learner.do("POST", fmt.Sprintf("/api/v1/lessons/%d/heartbeat", lessonID), b, &r); st != 200 || !r.Accepted {
			t.Fatalf("heartbeat %d: %d %+v", seq, st, r)
		}
	}
	var asset int64
	if err := ms.pool.QueryRow(context.Background(), `SELECT media_asset_id FROM lessons WHERE id = $1`, lessonID).Scan(&asset); err != nil {
		t.Fatal(err)
	}
	var pb playbackOut
	if st := learner.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", asset), nil, &pb); st != 200 {
		t.Fatalf("playback: %d", st)
	}
	seg := pb.Base + pb.Renditions[0].Name + "/seg_00000.ts"
	beat(1)
	if st, _, _ := ms.client(t).raw("GET", seg, "", nil); st != 403 {
		t.Errorf("the learner's segment without the learner: %d", st)
	}
	time.Sleep(2200 * time.Millisecond)
	beat(2, course.Span{Start: 0, End: 2})
	if r.Credited != 0 {
		t.Errorf("credited for a fetch by someone else: %+v", r)
	}
	if st, _, _ := learner.raw("GET", seg, "", nil); st != 200 {
		t.Fatalf("the learner's own segment: %d", st)
	}
	time.Sleep(2200 * time.Millisecond)
	beat(3, course.Span{Start: 2, End: 4})
	if r.Credited < 1.99 {
		t.Errorf("the learner's own fetch earned %+v", r)
	}
}
