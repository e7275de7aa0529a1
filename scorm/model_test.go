package scorm

import (
	"strings"
	"testing"
)

func TestModelSet(t *testing.T) {
	for _, c := range []struct {
		version, el, value string
		want               int
	}{
		{"1.2", "cmi.core.lesson_status", "completed", 0},
		{"1.2", "cmi.core.lesson_status", "done", 405},
		{"1.2", "cmi.core.lesson_status", "not attempted", 405},
		{"1.2", "cmi.core.score.raw", "85.5", 0},
		{"1.2", "cmi.core.score.raw", "", 0},
		{"1.2", "cmi.core.score.raw", "101", 405},
		{"1.2", "cmi.core.score.raw", "abc", 405},
		{"1.2", "cmi.core.session_time", "0001:02:03.45", 0},
		{"1.2", "cmi.core.session_time", "PT1H", 405},
		{"1.2", "cmi.core.student_id", "x", 403},
		{"1.2", "cmi.core._children", "x", 402},
		{"1.2", "cmi.interactions._count", "3", 402},
		{"1.2", "cmi.core.nothing", "x", 401},
		{"1.2", "", "x", 201},
		{"1.2", "cmi.core.lesson_location", strings.Repeat("页", 256), 405},
		{"1.2", "cmi.suspend_data", strings.Repeat("x", 70000), 0},
		{"1.2", "cmi.interactions.0.id", "q1", 0},
		{"1.2", "cmi.interactions.1.id", "q1", 201},
		{"1.2", "cmi.interactions.0.result", "wrong", 0},
		{"1.2", "cmi.interactions.0.result", "0.5", 0},
		{"1.2", "cmi.interactions.0.time", "25:00:00", 405},
		{"1.2", "cmi.student_preference.audio", "101", 405},
		{"2004", "cmi.completion_status", "completed", 0},
		{"2004", "cmi.completion_status", "passed", 406},
		{"2004", "cmi.score.scaled", "0.8", 0},
		{"2004", "cmi.score.scaled", "1.5", 407},
		{"2004", "cmi.score.scaled", "high", 406},
		{"2004", "cmi.session_time", "PT1H2M3.5S", 0},
		{"2004", "cmi.session_time", "0001:00:00", 406},
		{"2004", "cmi.session_time", "PT", 406},
		{"2004", "cmi.learner_id", "x", 404},
		{"2004", "cmi.nothing", "x", 401},
		{"2004", "", "x", 351},
		{"2004", "cmi.interactions.0.type", "choice", 408},
		{"2004", "cmi.interactions.0.id", "urn:q1", 0},
		{"2004", "cmi.interactions.2.id", "urn:q1", 351},
		{"2004", "cmi.suspend_data", strings.Repeat("x", 100000), 0},
		{"2004", "cmi.location", strings.Repeat("x", 1001), 406},
		{"2004", "adl.nav.request", "continue", 0},
		{"2004", "adl.nav.request", "{target=sco2}choice", 0},
		{"2004", "adl.nav.request", "fly", 406},
		{"2004", "cmi.comments_from_learner.0.timestamp", "2026-12-04T10:11:12.5+08:00", 0},
		{"2004", "cmi.comments_from_learner.0.timestamp", "yesterday", 406},
		{"2004", "cmi.comments_from_learner.0.comment", "{lang=zh-CN}很好", 0},
	} {
		m := &Model{Version: c.version, Values: map[string]string{}}
		if c.el == "cmi.interactions.2.id" {
			m.Values["cmi.interactions.0.id"], m.Values["cmi.interactions.1.id"] = "urn:q1", "urn:q2"
		}
		if got := m.Set(c.el, c.value); got != c.want {
			t.Errorf("%s Set(%s, %.20q) = %d, want %d", c.version, c.el, c.value, got, c.want)
		}
		if c.want != 0 && m.Values[c.el] != "" && c.el != "cmi.interactions.2.id" {
			t.Errorf("%s %s: refused value stored", c.version, c.el)
		}
	}
}

func TestModelGet(t *testing.T) {
	m12 := Launch("1.2", Item{}, Learner{ID: "u1", Name: "张学员"}, State{})
	m04 := Launch("2004", Item{}, Learner{ID: "u1", Name: "张学员"}, State{Data: map[string]string{"cmi.objectives.0.id": "o1"}})
	for _, c := range []struct {
		m         *Model
		el, value string
		code      int
	}{
		{m12, "cmi.core.lesson_status", "not attempted", 0},
		{m12, "cmi.core.student_name", "张学员", 0},
		{m12, "cmi.core.entry", "ab-initio", 0},
		{m12, "cmi.core.lesson_location", "", 0},
		{m12, "cmi.core.exit", "", 404},
		{m12, "cmi.core.score._children", "raw,min,max", 0},
		{m12, "cmi.core.lesson_status._children", "", 202},
		{m12, "cmi.core.lesson_status._count", "", 203},
		{m12, "cmi.interactions._count", "0", 0},
		{m12, "cmi._version", "3.4", 0},
		{m12, "cmi.bogus", "", 401},
		{m04, "cmi.completion_status", "unknown", 0},
		{m04, "cmi.location", "", 403},
		{m04, "cmi.session_time", "", 405},
		{m04, "cmi.objectives._count", "1", 0},
		{m04, "cmi.objectives.0.id", "o1", 0},
		{m04, "cmi.objectives.1.id", "", 301},
		{m04, "cmi.total_time", "PT0H0M0.00S", 0},
		{m04, "cmi._version", "1.0", 0},
		{m04, "cmi.location._children", "", 301},
	} {
		v, code := c.m.Get(c.el)
		if v != c.value || code != c.code {
			t.Errorf("%s Get(%s) = %q %d, want %q %d", c.m.Version, c.el, v, code, c.value, c.code)
		}
	}
}

func TestFinishSettles(t *testing.T) {
	mastery := 80.0
	st := State{Data: map[string]string{"cmi.core.session_time": "0000:01:30", "cmi.core.exit": "suspend"}}
	Finish("1.2", Item{}, &st)
	if st.Data["cmi.core.lesson_status"] != "completed" || st.TotalSeconds != 90 || st.Exit != "suspend" {
		t.Errorf("state %+v", st)
	}
	if _, ok := st.Data["cmi.core.session_time"]; ok {
		t.Error("session time kept past its session")
	}
	if m := Launch("1.2", Item{}, Learner{}, st); m.Values["cmi.core.entry"] != "resume" || m.Values["cmi.core.total_time"] != "0000:01:30.00" {
		t.Errorf("relaunch %v", m.Values)
	}
	st = State{Data: map[string]string{"cmi.core.score.raw": "70", "cmi.core.lesson_status": "completed"}}
	Finish("1.2", Item{MasteryScore: &mastery}, &st)
	if st.Data["cmi.core.lesson_status"] != "failed" {
		t.Errorf("mastery: %v", st.Data)
	}
	st = State{Data: map[string]string{"cmi.session_time": "PT1M0.5S"}}
	Finish("2004", Item{}, &st)
	if st.TotalSeconds != 60.5 || st.Data["cmi.completion_status"] != "" {
		t.Errorf("2004 %+v", st)
	}
}

func TestSatisfies(t *testing.T) {
	for _, c := range []struct {
		version, rule string
		d             map[string]string
		want          bool
	}{
		{"1.2", "completed", map[string]string{"cmi.core.lesson_status": "completed"}, true},
		{"1.2", "completed", map[string]string{"cmi.core.lesson_status": "passed"}, true},
		{"1.2", "completed", map[string]string{"cmi.core.lesson_status": "incomplete"}, false},
		{"1.2", "passed", map[string]string{"cmi.core.lesson_status": "completed"}, false},
		{"1.2", "passed", map[string]string{"cmi.core.lesson_status": "passed"}, true},
		{"2004", "completed", map[string]string{"cmi.completion_status": "completed"}, true},
		{"2004", "passed", map[string]string{"cmi.completion_status": "completed", "cmi.success_status": "failed"}, false},
		{"2004", "passed", map[string]string{"cmi.success_status": "passed"}, true},
	} {
		if got := Satisfies(c.version, c.rule, c.d); got != c.want {
			t.Errorf("%s %s %v = %v", c.version, c.rule, c.d, got)
		}
	}
}

func TestOutline(t *testing.T) {
	o := Outline{Flow: true, Choice: true, Nodes: []Node{
		{ID: 1, Parent: -1, Depth: 0}, {ID: 2, Parent: 0, Depth: 1, Launch: true, Satisfied: true},
		{ID: 3, Parent: 0, Depth: 1, Launch: true}, {ID: 4, Parent: -1, Depth: 0, Launch: true}}}
	if o.Start() != 2 || o.Next(1) != 2 || o.Next(2) != 3 || o.Next(3) != -1 || o.Previous(2) != 1 || o.Previous(1) != -1 {
		t.Errorf("flow: start %d", o.Start())
	}
	if o.Done(0) || o.AllDone() {
		t.Error("cluster done too early")
	}
	o.Nodes[2].Satisfied, o.Nodes[3].Satisfied = true, true
	if !o.Done(0) || !o.AllDone() {
		t.Error("tree not done")
	}
	ids := map[string]int{"a": 1, "b": 3}
	if o.Navigate(1, "continue", ids) != 2 || o.Navigate(2, "{target=b}choice", ids) != 3 || o.Navigate(1, "exit", ids) != -1 {
		t.Error("navigate")
	}
	o.Nodes[3].Identifier = "b"
	if o.next(2, "continue") != 3 || o.next(3, "{target=b}choice") != 4 || o.next(4, "continue") != 0 || o.next(2, "{target=b") != 0 {
		t.Error("next")
	}
	o.Choice = false
	if o.Navigate(2, "{target=b}choice", ids) != -1 {
		t.Error("choice allowed against controlMode")
	}
}
