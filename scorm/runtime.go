package scorm

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Learner is who the SCO is told it runs for.
type Learner struct {
	ID   string
	Name string // "Family, Given" in 1.2's habit; the display name here
}

// State is one learner's stored record of one SCO.
type State struct {
	Data         map[string]string // what the SCO set, by full element name
	TotalSeconds float64           // the sum of the sessions the SCO reported
	Exit         string            // the last session's exit
	Sessions     int
}

// Launch builds the model a session starts with: what was stored, and
// the LMS's own read-only elements.
func Launch(version string, it Item, l Learner, st State) *Model {
	m := &Model{Version: version, Values: map[string]string{}}
	for k, v := range st.Data {
		m.Values[k] = v
	}
	entry := "ab-initio"
	if st.Sessions > 0 {
		entry = ""
		if st.Exit == "suspend" || st.Exit == "logout" && version == "1.2" {
			entry = "resume"
		}
	}
	if version == "2004" {
		m.launch2004(it, l, st, entry)
	} else {
		m.launch12(it, l, st, entry)
	}
	return m
}

func (m *Model) launch12(it Item, l Learner, st State, entry string) {
	v := m.Values
	v["cmi.core.student_id"], v["cmi.core.student_name"] = l.ID, l.Name
	v["cmi.core.credit"], v["cmi.core.lesson_mode"], v["cmi.core.entry"] = "credit", "normal", entry
	v["cmi.core.total_time"] = span12(st.TotalSeconds)
	v["cmi.launch_data"], v["cmi.comments_from_lms"] = it.LaunchData, ""
	v["cmi.student_data.max_time_allowed"], v["cmi.student_data.time_limit_action"] = "", ""
	v["cmi.student_data.mastery_score"] = ""
	if it.MasteryScore != nil {
		v["cmi.student_data.mastery_score"] = strconv.FormatFloat(*it.MasteryScore, 'f', -1, 64)
	}
	if _, ok := v["cmi.core.lesson_status"]; !ok {
		v["cmi.core.lesson_status"] = "not attempted"
	}
	for _, k := range []string{"cmi.core.lesson_location", "cmi.core.score.raw", "cmi.core.score.min",
		"cmi.core.score.max", "cmi.suspend_data", "cmi.comments", "cmi.student_preference.language"} {
		if _, ok := v[k]; !ok {
			v[k] = ""
		}
	}
	for _, k := range []string{"cmi.student_preference.audio", "cmi.student_preference.speed", "cmi.student_preference.text"} {
		if _, ok := v[k]; !ok {
			v[k] = "0"
		}
	}
}

func (m *Model) launch2004(it Item, l Learner, st State, entry string) {
	v := m.Values
	v["cmi.learner_id"], v["cmi.learner_name"] = l.ID, l.Name
	v["cmi.credit"], v["cmi.mode"], v["cmi.entry"] = "credit", "normal", entry
	v["cmi.total_time"] = interval(st.TotalSeconds)
	v["cmi.launch_data"], v["cmi.time_limit_action"] = it.LaunchData, "continue,no message"
	if it.MasteryScore != nil {
		v["cmi.scaled_passing_score"] = strconv.FormatFloat(*it.MasteryScore, 'f', -1, 64)
	}
	defaults := map[string]string{"cmi.completion_status": "unknown", "cmi.success_status": "unknown",
		"cmi.learner_preference.audio_level": "1", "cmi.learner_preference.language": "",
		"cmi.learner_preference.delivery_speed": "1", "cmi.learner_preference.audio_captioning": "0",
		"adl.nav.request": "_none_"}
	for k, d := range defaults {
		if _, ok := v[k]; !ok {
			v[k] = d
		}
	}
}

// writable keeps what a SCO may have set: the elements stored between
// sessions (the LMS's own ones are rebuilt at each launch).
func writable(version, el string) bool {
	_, e, ok := (&Model{Version: version}).lookup(el)
	return ok && e.Access != "ro" && el != "adl.nav.request"
}

// Finish is what the LMS does when a session ends (LMSFinish, Terminate):
// it adds the reported session time to the total, and settles the status
// the standard lets it settle.
func Finish(version string, it Item, st *State) {
	d := st.Data
	if version == "2004" {
		st.TotalSeconds += parseInterval(d["cmi.session_time"])
		st.Exit = d["cmi.exit"]
		settle2004(it, d)
	} else {
		st.TotalSeconds += parseSpan12(d["cmi.core.session_time"])
		st.Exit = d["cmi.core.exit"]
		settle12(it, d)
	}
	// Session time and exit belong to the session that ended.
	for _, k := range []string{"cmi.session_time", "cmi.exit", "cmi.core.session_time", "cmi.core.exit"} {
		delete(d, k)
	}
	st.Sessions++
}

// settle12: with a mastery score and a raw score the LMS decides passed
// or failed; a SCO that never set a status is completed by finishing
// (SCORM 1.2 RTE 3.4.4).
func settle12(it Item, d map[string]string) {
	raw, err := strconv.ParseFloat(d["cmi.core.score.raw"], 64)
	if it.MasteryScore != nil && err == nil {
		d["cmi.core.lesson_status"] = "failed"
		if raw >= *it.MasteryScore {
			d["cmi.core.lesson_status"] = "passed"
		}
		return
	}
	if s := d["cmi.core.lesson_status"]; s == "" || s == "not attempted" {
		d["cmi.core.lesson_status"] = "completed"
	}
}

func settle2004(it Item, d map[string]string) {
	scaled, err := strconv.ParseFloat(d["cmi.score.scaled"], 64)
	if it.MasteryScore != nil && err == nil {
		d["cmi.success_status"] = "failed"
		if scaled >= *it.MasteryScore {
			d["cmi.success_status"] = "passed"
		}
	}
}

// Viewed completes an item that was shown but never called the API, as
// an asset is, unless it has a status of its own.
func Viewed(version string, d map[string]string) {
	el := "cmi.core.lesson_status"
	if version == "2004" {
		el = "cmi.completion_status"
	}
	switch d[el] {
	case "", "not attempted", "unknown":
		d[el] = "completed"
	}
}

// Satisfies tells whether a SCO's record meets the lesson's rule.
func Satisfies(version, rule string, d map[string]string) bool {
	passed, completed := false, false
	if version == "2004" {
		passed = d["cmi.success_status"] == "passed"
		completed = d["cmi.completion_status"] == "completed"
	} else {
		s := d["cmi.core.lesson_status"]
		passed, completed = s == "passed", s == "completed" || s == "passed"
	}
	if rule == "passed" {
		return passed
	}
	return completed || passed
}

// Score is what a SCO reported of its score, normalised to 0–100 where
// it can be.
func Score(version string, d map[string]string) (raw, min, max, scaled *float64) {
	p := "cmi.core.score."
	if version == "2004" {
		p = "cmi.score."
		scaled = parseNum(d[p+"scaled"])
	}
	return parseNum(d[p+"raw"]), parseNum(d[p+"min"]), parseNum(d[p+"max"]), scaled
}

func parseNum(s string) *float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return nil
	}
	return &v
}

func span12(secs float64) string {
	t := int64(math.Round(secs * 100))
	return fmt.Sprintf("%04d:%02d:%02d.%02d", t/360000, t/6000%60, t/100%60, t%100)
}

func interval(secs float64) string {
	t := int64(math.Round(secs * 100))
	return fmt.Sprintf("PT%dH%dM%d.%02dS", t/360000, t/6000%60, t/100%60, t%100)
}

func parseSpan12(s string) float64 {
	if !reSpan12.MatchString(s) {
		return 0
	}
	parts := strings.Split(s, ":")
	h, _ := strconv.ParseFloat(parts[0], 64)
	m, _ := strconv.ParseFloat(parts[1], 64)
	sec, _ := strconv.ParseFloat(parts[2], 64)
	return h*3600 + m*60 + sec
}

var reIntervalParts = regexp.MustCompile(`(\d+(?:\.\d+)?)([YMDHS])`)

// parseInterval reads an ISO 8601 duration; a month counts 30 days and
// a year 365, as the standard's examples do.
func parseInterval(s string) float64 {
	if checkType(Elem{Type: "interval"}, s) != valueOK {
		return 0
	}
	date, clock, _ := strings.Cut(s[1:], "T")
	total := 0.0
	unit := map[string]float64{"Y": 365 * 86400, "M": 30 * 86400, "D": 86400}
	for _, p := range reIntervalParts.FindAllStringSubmatch(date, -1) {
		v, _ := strconv.ParseFloat(p[1], 64)
		total += v * unit[p[2]]
	}
	unit = map[string]float64{"H": 3600, "M": 60, "S": 1}
	for _, p := range reIntervalParts.FindAllStringSubmatch(clock, -1) {
		v, _ := strconv.ParseFloat(p[1], 64)
		total += v * unit[p[2]]
	}
	return total
}
