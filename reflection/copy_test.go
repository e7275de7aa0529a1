package reflection

import (
	"context"
	"strings"
	"testing"
)

// A learner copies every other sentence of a classmate's reflection,
// changes two characters in each, reverses their order and adds a
// paragraph of their own: the submission is flagged against the
// classmate's, and the review page marks the copied sentences, not the
// learner's own paragraph.
func TestCopiedReflectionIsFlagged(t *testing.T) {
	e := newEnv(t, 2)
	ctx := context.Background()
	e.course(1, 400)
	a, b := e.learners[0], e.learners[1]
	orig, err := e.svc.Submit(ctx, a, 1, Input{Body: text(t, "honest_a.txt")})
	must(t, err)
	copied := strings.Join(lightCopy(text(t, "honest_a.txt")), "")
	own := text(t, "own_c.txt")
	got, err := e.svc.Submit(ctx, b, 1, Input{Body: copied + "\n\n" + own})
	must(t, err)
	if !got.Flagged || got.Overlap < FlagShare || got.MatchKind != "reflection" || got.MatchRef != orig.ID {
		t.Fatalf("copy not flagged against %d: %+v", orig.ID, got)
	}
	t.Logf("copied overlap: %.1f%%", got.Overlap*100)
	v, err := e.svc.Get(ctx, e.trainer, got.ID)
	must(t, err)
	var marked, plain strings.Builder
	for _, s := range v.Passages {
		if s.Marked {
			marked.WriteString(s.Text)
		} else {
			plain.WriteString(s.Text)
		}
	}
	if c := Coverage(marked.String(), text(t, "honest_a.txt")); c < 0.9 {
		t.Errorf("marked passages are %.0f%% from the original, want the copied sentences: %q", c*100, marked.String())
	}
	if c := Coverage(own, marked.String()); c > 0.05 {
		t.Errorf("%.0f%% of the learner's own paragraph is marked", c*100)
	}
	if c := Coverage(copied, plain.String()); c > 0.2 {
		t.Errorf("%.0f%% of the copied sentences left unmarked", c*100)
	}
	if v.MatchTitle == "" || !strings.Contains(v.MatchTitle, a.DisplayName) {
		t.Errorf("source not named: %q", v.MatchTitle)
	}
	// The author is not shown the comparison.
	mine, err := e.svc.Get(ctx, b, got.ID)
	must(t, err)
	if len(mine.Passages) != 0 || mine.CanReview {
		t.Errorf("author sees the review side: %+v", mine)
	}
}

// Two honest reflections on the same course, both about its topic and
// sharing its set phrases, are not flagged against each other.
func TestHonestReflectionsAreNotFlagged(t *testing.T) {
	e := newEnv(t, 2)
	ctx := context.Background()
	e.course(1, 600)
	_, err := e.svc.Submit(ctx, e.learners[0], 1, Input{Body: text(t, "honest_a.txt")})
	must(t, err)
	got, err := e.svc.Submit(ctx, e.learners[1], 1, Input{Body: text(t, "honest_b.txt")})
	must(t, err)
	t.Logf("honest overlap: %.1f%%", got.Overlap*100)
	if got.Flagged || got.Overlap >= FlagShare/2 {
		t.Fatalf("honest text flagged or close to it: %+v", got)
	}
}

// A reflection pasted from the course's own article is flagged against
// the lesson.
func TestReflectionCopiedFromMaterialsIsFlagged(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	e.course(1, 300)
	e.courses.materials[1] = []Material{{LessonID: 77, Title: "课程正文", Text: text(t, "honest_b.txt")}}
	body := strings.Join(sentences(text(t, "honest_b.txt"))[:12], "") + text(t, "own_c.txt")
	got, err := e.svc.Submit(ctx, e.learners[0], 1, Input{Body: body})
	must(t, err)
	if !got.Flagged || got.MatchKind != "material" || got.MatchRef != 77 {
		t.Fatalf("copy of the lesson not flagged: %+v", got)
	}
	v, err := e.svc.Get(ctx, e.trainer, got.ID)
	must(t, err)
	if !strings.Contains(v.MatchTitle, "课程正文") || len(v.Passages) < 2 {
		t.Errorf("material match not shown: %q %d passages", v.MatchTitle, len(v.Passages))
	}
}

func TestCoverageAndPassages(t *testing.T) {
	cases := []struct {
		text, source string
		want         float64
	}{
		{"", "任何文字", 0},
		{"全面从严治党永远在路上", "全面从严治党永远在路上", 1},
		{"全面从严治党，永远在路上！", "全面 从严治党永远在路上", 1}, // punctuation and spaces do not count
		{"完全不同的一句话", "全面从严治党永远在路上", 0},
		{"四个字的", "四个字的", 0}, // shorter than a shingle
	}
	for _, c := range cases {
		if got := Coverage(c.text, c.source); got != c.want {
			t.Errorf("Coverage(%q, %q) = %v, want %v", c.text, c.source, got, c.want)
		}
	}
	segs := Passages("我的话。全面从严治党永远在路上。我的话", "全面从严治党，永远在路上")
	if len(segs) != 3 || !segs[1].Marked || segs[1].Text != "全面从严治党永远在路上" || segs[0].Marked {
		t.Errorf("passages: %+v", segs)
	}
	if n := CountChars("学习 党章，ABC 123。"); n != 10 {
		t.Errorf("CountChars = %d, want 10", n)
	}
}
