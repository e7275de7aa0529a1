// Package calendar is the platform's one calendar: the time zone in which
// every date is shown, every deadline typed in a form is read, and every
// day, month and study year is counted. It is Asia/Shanghai unless
// LMS_TIMEZONE names another IANA zone (the zone data is built in, so the
// machine's own setting and tzdata package do not matter).
package calendar

import (
	"os"
	"time"
	_ "time/tzdata" // LoadLocation works on machines without zone files
)

// Zone is the platform's time zone.
var Zone = load(os.Getenv("LMS_TIMEZONE"))

// SQLName names Zone for PostgreSQL's AT TIME ZONE (the fallback fixed zone
// is Beijing time, which PostgreSQL knows as Asia/Shanghai).
func SQLName() string {
	if n := Zone.String(); n != "CST" && n != "Local" {
		return n
	}
	return "Asia/Shanghai"
}

func load(name string) *time.Location {
	if name == "" {
		name = "Asia/Shanghai"
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// In is t on the platform's calendar.
func In(t time.Time) time.Time { return t.In(Zone) }
