package scorm

// Elem is the rule of one data-model element: who may read and write it
// and what its values look like. The same table is sent to the runtime in
// the browser (scorm.js), so the page and the server check alike.
type Elem struct {
	Access string   `json:"a"`            // "ro", "rw", "wo"
	Type   string   `json:"t"`            // see checkType
	Max    int      `json:"n,omitempty"`  // characters, for strings
	Lo     *float64 `json:"lo,omitempty"` // range, for numbers
	Hi     *float64 `json:"hi,omitempty"`
	Vocab  []string `json:"v,omitempty"`
}

// MaxSuspend is how much suspend_data the platform keeps: far above the
// 4,096 (1.2) and 64,000 (2004) characters the standards name, since real
// packages exceed them.
const MaxSuspend = 1 << 20

func f(v float64) *float64 { return &v }

func ro(t string) Elem         { return Elem{Access: "ro", Type: t} }
func str(a string, n int) Elem { return Elem{Access: a, Type: "str", Max: n} }
func voc(a string, v ...string) Elem {
	return Elem{Access: a, Type: "vocab", Vocab: v}
}
func num(a, t string, lo, hi *float64) Elem { return Elem{Access: a, Type: t, Lo: lo, Hi: hi} }

var status12 = []string{"passed", "completed", "failed", "incomplete", "browsed"}

// elems12 is SCORM 1.2's data model (CMI 3.4); "n" stands for an index.
var elems12 = map[string]Elem{
	"cmi._version":                                   ro("kw"),
	"cmi.core._children":                             ro("kw"),
	"cmi.core.student_id":                            ro("str"),
	"cmi.core.student_name":                          ro("str"),
	"cmi.core.lesson_location":                       str("rw", 255),
	"cmi.core.credit":                                ro("str"),
	"cmi.core.lesson_status":                         voc("rw", status12...),
	"cmi.core.entry":                                 ro("str"),
	"cmi.core.score._children":                       ro("kw"),
	"cmi.core.score.raw":                             num("rw", "dec12", f(0), f(100)),
	"cmi.core.score.max":                             num("rw", "dec12", f(0), f(100)),
	"cmi.core.score.min":                             num("rw", "dec12", f(0), f(100)),
	"cmi.core.total_time":                            ro("str"),
	"cmi.core.lesson_mode":                           ro("str"),
	"cmi.core.exit":                                  voc("wo", "time-out", "suspend", "logout", ""),
	"cmi.core.session_time":                          {Access: "wo", Type: "span12"},
	"cmi.suspend_data":                               str("rw", MaxSuspend),
	"cmi.launch_data":                                ro("str"),
	"cmi.comments":                                   str("rw", 4096),
	"cmi.comments_from_lms":                          ro("str"),
	"cmi.objectives._children":                       ro("kw"),
	"cmi.objectives._count":                          ro("count"),
	"cmi.objectives.n.id":                            {Access: "rw", Type: "id12"},
	"cmi.objectives.n.score._children":               ro("kw"),
	"cmi.objectives.n.score.raw":                     num("rw", "dec12", f(0), f(100)),
	"cmi.objectives.n.score.max":                     num("rw", "dec12", f(0), f(100)),
	"cmi.objectives.n.score.min":                     num("rw", "dec12", f(0), f(100)),
	"cmi.objectives.n.status":                        voc("rw", append([]string{"not attempted"}, status12...)...),
	"cmi.student_data._children":                     ro("kw"),
	"cmi.student_data.mastery_score":                 ro("str"),
	"cmi.student_data.max_time_allowed":              ro("str"),
	"cmi.student_data.time_limit_action":             ro("str"),
	"cmi.student_preference._children":               ro("kw"),
	"cmi.student_preference.audio":                   num("rw", "int", f(-1), f(100)),
	"cmi.student_preference.language":                str("rw", 255),
	"cmi.student_preference.speed":                   num("rw", "int", f(-100), f(100)),
	"cmi.student_preference.text":                    num("rw", "int", f(-1), f(1)),
	"cmi.interactions._children":                     ro("kw"),
	"cmi.interactions._count":                        ro("count"),
	"cmi.interactions.n.id":                          {Access: "wo", Type: "id12"},
	"cmi.interactions.n.objectives._count":           ro("count"),
	"cmi.interactions.n.objectives.n.id":             {Access: "wo", Type: "id12"},
	"cmi.interactions.n.time":                        {Access: "wo", Type: "time12"},
	"cmi.interactions.n.type":                        voc("wo", "true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"),
	"cmi.interactions.n.correct_responses._count":    ro("count"),
	"cmi.interactions.n.correct_responses.n.pattern": str("wo", 255),
	"cmi.interactions.n.weighting":                   num("wo", "dec12", nil, nil),
	"cmi.interactions.n.student_response":            str("wo", 255),
	"cmi.interactions.n.result":                      {Access: "wo", Type: "result", Vocab: []string{"correct", "wrong", "unanticipated", "neutral"}},
	"cmi.interactions.n.latency":                     {Access: "wo", Type: "span12"},
}

var completion04 = []string{"completed", "incomplete", "not attempted", "unknown"}

// elems2004 is SCORM 2004's data model (2nd–4th edition) with the ADL
// navigation elements.
var elems2004 = map[string]Elem{
	"cmi._version":                                   ro("kw"),
	"cmi.comments_from_learner._children":            ro("kw"),
	"cmi.comments_from_learner._count":               ro("count"),
	"cmi.comments_from_learner.n.comment":            {Access: "rw", Type: "lstr", Max: 4000},
	"cmi.comments_from_learner.n.location":           str("rw", 250),
	"cmi.comments_from_learner.n.timestamp":          {Access: "rw", Type: "stamp"},
	"cmi.comments_from_lms._children":                ro("kw"),
	"cmi.comments_from_lms._count":                   ro("count"),
	"cmi.comments_from_lms.n.comment":                ro("str"),
	"cmi.comments_from_lms.n.location":               ro("str"),
	"cmi.comments_from_lms.n.timestamp":              ro("str"),
	"cmi.completion_status":                          voc("rw", completion04...),
	"cmi.completion_threshold":                       ro("str"),
	"cmi.credit":                                     ro("str"),
	"cmi.entry":                                      ro("str"),
	"cmi.exit":                                       voc("wo", "time-out", "suspend", "logout", "normal", ""),
	"cmi.interactions._children":                     ro("kw"),
	"cmi.interactions._count":                        ro("count"),
	"cmi.interactions.n.id":                          {Access: "rw", Type: "uri", Max: 4000},
	"cmi.interactions.n.type":                        voc("rw", "true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing", "numeric", "other"),
	"cmi.interactions.n.objectives._count":           ro("count"),
	"cmi.interactions.n.objectives.n.id":             {Access: "rw", Type: "uri", Max: 4000},
	"cmi.interactions.n.timestamp":                   {Access: "rw", Type: "stamp"},
	"cmi.interactions.n.correct_responses._count":    ro("count"),
	"cmi.interactions.n.correct_responses.n.pattern": str("rw", 7800),
	"cmi.interactions.n.weighting":                   num("rw", "real", nil, nil),
	"cmi.interactions.n.learner_response":            str("rw", 7800),
	"cmi.interactions.n.result":                      {Access: "rw", Type: "result", Vocab: []string{"correct", "incorrect", "unanticipated", "neutral"}},
	"cmi.interactions.n.latency":                     {Access: "rw", Type: "interval"},
	"cmi.interactions.n.description":                 {Access: "rw", Type: "lstr", Max: 250},
	"cmi.launch_data":                                ro("str"),
	"cmi.learner_id":                                 ro("str"),
	"cmi.learner_name":                               ro("str"),
	"cmi.learner_preference._children":               ro("kw"),
	"cmi.learner_preference.audio_level":             num("rw", "real", f(0), nil),
	"cmi.learner_preference.language":                {Access: "rw", Type: "lang"},
	"cmi.learner_preference.delivery_speed":          num("rw", "real", f(0), nil),
	"cmi.learner_preference.audio_captioning":        voc("rw", "-1", "0", "1"),
	"cmi.location":                                   str("rw", 1000),
	"cmi.max_time_allowed":                           ro("str"),
	"cmi.mode":                                       ro("str"),
	"cmi.objectives._children":                       ro("kw"),
	"cmi.objectives._count":                          ro("count"),
	"cmi.objectives.n.id":                            {Access: "rw", Type: "uri", Max: 4000},
	"cmi.objectives.n.score._children":               ro("kw"),
	"cmi.objectives.n.score.scaled":                  num("rw", "real", f(-1), f(1)),
	"cmi.objectives.n.score.raw":                     num("rw", "real", nil, nil),
	"cmi.objectives.n.score.min":                     num("rw", "real", nil, nil),
	"cmi.objectives.n.score.max":                     num("rw", "real", nil, nil),
	"cmi.objectives.n.success_status":                voc("rw", "passed", "failed", "unknown"),
	"cmi.objectives.n.completion_status":             voc("rw", completion04...),
	"cmi.objectives.n.progress_measure":              num("rw", "real", f(0), f(1)),
	"cmi.objectives.n.description":                   {Access: "rw", Type: "lstr", Max: 250},
	"cmi.progress_measure":                           num("rw", "real", f(0), f(1)),
	"cmi.scaled_passing_score":                       ro("str"),
	"cmi.score._children":                            ro("kw"),
	"cmi.score.scaled":                               num("rw", "real", f(-1), f(1)),
	"cmi.score.raw":                                  num("rw", "real", nil, nil),
	"cmi.score.min":                                  num("rw", "real", nil, nil),
	"cmi.score.max":                                  num("rw", "real", nil, nil),
	"cmi.session_time":                               {Access: "wo", Type: "interval"},
	"cmi.success_status":                             voc("rw", "passed", "failed", "unknown"),
	"cmi.suspend_data":                               str("rw", MaxSuspend),
	"cmi.time_limit_action":                          ro("str"),
	"cmi.total_time":                                 ro("str"),
	"adl.nav.request":                                {Access: "rw", Type: "nav"},
	"adl.nav.request_valid.continue":                 ro("str"),
	"adl.nav.request_valid.previous":                 ro("str"),
	"adl.nav.request_valid.choice":                   ro("target"),
	"adl.nav.request_valid.jump":                     ro("target"),
}

// children are the _children answers.
var children = map[string]string{
	"cmi.core._children":                    "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
	"cmi.core.score._children":              "raw,min,max",
	"cmi.objectives._children":              "id,score,status",
	"cmi.objectives.n.score._children":      "raw,min,max",
	"cmi.student_data._children":            "mastery_score,max_time_allowed,time_limit_action",
	"cmi.student_preference._children":      "audio,language,speed,text",
	"cmi.interactions._children":            "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
	"cmi.comments_from_learner._children":   "comment,location,timestamp",
	"cmi.comments_from_lms._children":       "comment,location,timestamp",
	"cmi.learner_preference._children":      "audio_level,language,delivery_speed,audio_captioning",
	"cmi.score._children":                   "scaled,raw,min,max",
	"2004 cmi.objectives._children":         "id,score,success_status,completion_status,progress_measure,description",
	"2004 cmi.objectives.n.score._children": "scaled,raw,min,max",
	"2004 cmi.interactions._children":       "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
}

// Elements is the table of a version, for the browser's runtime.
func Elements(version string) map[string]Elem {
	if version == "2004" {
		return elems2004
	}
	return elems12
}
