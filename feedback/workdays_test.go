package feedback

import (
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-07", 3, "2026-12-10"},  // Monday → Thursday
		{"2026-12-10", 3, "2026-12-15"},  // Thursday → next Tuesday, over the weekend
		{"2026-12-12", 1, "2026-12-14"},  // written on a Saturday: Monday is the first working day
		{"2026-12-07", 10, "2026-12-21"}, // two whole weeks
		{"2026-12-07", 0, "2026-12-07"},
	} {
		if got := addWorkingDays(d(c.from), c.n).Format("2006-01-02"); got != c.want {
			t.Errorf("%s + %d working days = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}
