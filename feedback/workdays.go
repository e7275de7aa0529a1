package feedback

import "time"

// addWorkingDays is the date n working days after day. Saturdays and
// Sundays are skipped; public holidays (and the weekend days worked in
// their place) are not known to the platform, so they count as usual.
func addWorkingDays(day time.Time, n int) time.Time {
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return day
}
