package media

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestToWebVTT(t *testing.T) {
	t.Parallel()
	srt := "\ufeff1\r\n00:00:01,000 --> 00:00:03,500\r\n同志们好，\r\n今天学习<i>党章</i>。\r\n\r\n2\r\n0:00:04,20 --> 0:00:06,000\r\n第二句\r\n"
	vtt, text, err := ToWebVTT([]byte(srt))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "subtitle_srt.vtt", vtt)
	if text != "同志们好，\n今天学习党章。\n第二句\n" {
		t.Errorf("text %q", text)
	}
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String(srt)
	if v2, _, err := ToWebVTT([]byte(gbk)); err != nil || v2 != vtt {
		t.Errorf("GB18030 SRT: %v\n%s", err, v2)
	}
	in := "WEBVTT\n\nNOTE made by hand\n\nintro\n00:00:00.000 --> 00:00:02.000 align:start\nHello\n"
	if v, _, err := ToWebVTT([]byte(in)); err != nil || !strings.Contains(v, "00:00:00.000 --> 00:00:02.000\nHello") {
		t.Errorf("WebVTT in: %v %q", err, v)
	}
	for _, bad := range []string{"", "just some text", "1\nnot a time\nhello\n"} {
		if _, _, err := ToWebVTT([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestAttachSubtitle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a := f.ingest(t, lecture(t, "2", "320", "240"))
	srt := []byte("1\n00:00:00,500 --> 00:00:01,500\n学习贯彻\n")
	if _, err := f.AttachSubtitle(ctx, a.ID, "zh", "", srt); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AttachSubtitle(ctx, a.ID, "../../x", "", srt); err == nil {
		t.Error("accepted a bad language code")
	}
	subs, _ := f.Subtitles(ctx, a.ID)
	if len(subs) != 1 || subs[0].Label != "中文" {
		t.Fatalf("subtitles %+v", subs)
	}
	if texts, _ := f.SubtitleText(ctx, a.ID); texts["zh"] != "学习贯彻\n" {
		t.Errorf("text for search %q", texts)
	}
	key, _ := f.SubtitleKey(ctx, a.ID, "zh")
	if got := f.read(t, key); !strings.HasPrefix(got, "WEBVTT") {
		t.Errorf("stored %q", got)
	}
	if err := f.DeleteSubtitle(ctx, a.ID, "zh"); err != nil {
		t.Fatal(err)
	}
	if subs, _ := f.Subtitles(ctx, a.ID); len(subs) != 0 {
		t.Errorf("left %+v", subs)
	}
}

// WebVTT allows cue times without hours (mm:ss.ttt); a file written so by
// hand or by a web tool must be accepted, its times kept exactly.
func TestToWebVTTWithoutHours(t *testing.T) {
	t.Parallel()
	in := "WEBVTT\n\n00:00.000 --> 00:02.500\n同志们好\n\n01:05.250 --> 01:07.000 line:90%\n第二句\n\n1:00:01.000 --> 1:00:02.000\n一小时后\n"
	vtt, text, err := ToWebVTT([]byte(in))
	if err != nil {
		t.Fatalf("refused cues without hours: %v", err)
	}
	for _, want := range []string{"00:00:00.000 --> 00:00:02.500\n同志们好", "00:01:05.250 --> 00:01:07.000\n第二句",
		"01:00:01.000 --> 01:00:02.000\n一小时后"} {
		if !strings.Contains(vtt, want) {
			t.Errorf("output lacks %q:\n%s", want, vtt)
		}
	}
	if text != "同志们好\n第二句\n一小时后\n" {
		t.Errorf("text %q", text)
	}
	for _, bad := range []string{"WEBVTT\n\n0:00.000 --> 00:02.000\nx\n", "WEBVTT\n\n00:60.000 --> 01:02.000\nx\n",
		"WEBVTT\n\n00:00 --> 00:02\nx\n"} {
		if _, _, err := ToWebVTT([]byte(bad)); err == nil {
			t.Errorf("accepted a malformed time %q", bad)
		}
	}
}
