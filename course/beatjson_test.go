package course

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestBeatReplyJSON(t *testing.T) {
	at := time.Date(2026, 11, 25, 19, 2, 27, 888148090, time.UTC)
	floats := []float64{0, 1, 2.5, 4.135099944550001, 99, 100, 1e-7, 3e21, 1234567.125, 0.000001}
	replies := []BeatReply{
		{ServerTime: at},
		{Accepted: true, Credited: 10, Covered: 120.5, Furthest: 130, Percent: 42, ServerTime: at.Local()},
		{Duplicate: true, Superseded: true, LessonCompleted: true, CourseCompleted: true, ServerTime: at},
		{Accepted: true, Check: &Presence{ID: "c1764097347888148090", DueAt: at.Add(time.Minute)}, ServerTime: at},
		{Check: &Presence{ID: "a\"<b>&\\é\n", DueAt: at.In(time.FixedZone("CST", 8*3600))}, ServerTime: at},
	}
	for _, f := range floats {
		replies = append(replies, BeatReply{Credited: f, Covered: -f, Furthest: f / 3, Percent: math.Nextafter(f, 1), ServerTime: at})
	}
	for i, r := range replies {
		want, err := json.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("reply %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func BenchmarkBeatReplyJSON(b *testing.B) {
	r := BeatReply{Accepted: true, Credited: 10, Covered: 4.135099944550001, Furthest: 130, Percent: 42, ServerTime: time.Now()}
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 512)
		for b.Loop() {
			buf = r.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(&r)
		}
	})
}
