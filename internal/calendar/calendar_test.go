package calendar

import (
	"testing"
	"time"
)

func TestZone(t *testing.T) {
	noon := time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC) // 00:30 the next day in Beijing
	for name, want := range map[string]string{"": "2026-12-04 00:30", "Asia/Shanghai": "2026-12-04 00:30",
		"Europe/Berlin": "2026-12-03 17:30", "Nowhere/Town": "2026-12-04 00:30"} {
		if got := noon.In(load(name)).Format("2006-01-02 15:04"); got != want {
			t.Errorf("LMS_TIMEZONE=%q: %s, want %s", name, got, want)
		}
	}
	if Zone.String() != "Asia/Shanghai" && Zone.String() != "CST" {
		t.Logf("the tests run with LMS_TIMEZONE=%s", Zone)
	}
}
