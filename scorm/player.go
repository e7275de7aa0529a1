package scorm

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Player is what the lesson page needs to play a package for a learner.
type Player struct {
	Package *PackageRow
	Outline Outline
	Items   []ItemRow
	Start   int // the node to open first
}

// Player loads the package and the learner's standing in each SCO.
func (s *Service) Player(ctx context.Context, a *org.Actor, lessonID int64) (*Player, error) {
	p, _, err := s.studyable(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	items, err := listItems(ctx, s.db, lessonID)
	if err != nil {
		return nil, err
	}
	states, err := satisfiedItems(ctx, s.db, a.UserID, lessonID)
	if err != nil {
		return nil, err
	}
	o := outlineOf(p, items, states)
	return &Player{Package: p, Outline: o, Items: items, Start: o.Start()}, nil
}

func outlineOf(p *PackageRow, items []ItemRow, states map[int64]string) Outline {
	o := Outline{Choice: p.Choice, Flow: p.Flow}
	pos := map[int64]int{}
	for i, it := range items {
		pos[it.ID] = i
		n := Node{ID: it.ID, Identifier: it.Identifier, Parent: -1, Depth: it.Depth, Title: it.Title, Launch: it.Href != ""}
		if it.ParentID != nil {
			n.Parent = pos[*it.ParentID]
		}
		if st, ok := states[it.ID]; ok {
			completion, success, _ := strings.Cut(st, "/")
			n.Status = completion
			n.Satisfied = satisfiedBy(p.Rule, completion, success)
		}
		o.Nodes = append(o.Nodes, n)
	}
	return o
}

// satisfiedBy is Satisfies on the stored columns: completion holds 1.2's
// lesson_status or 2004's completion_status.
func satisfiedBy(rule, completion, success string) bool {
	passed := success == "passed" || completion == "passed"
	if rule == "passed" {
		return passed
	}
	return passed || completion == "completed"
}

// LaunchURL is where the frame opens an item: the package's file route
// with the item's parameters.
func LaunchURL(lessonID int64, it ItemRow) string {
	u := "/scorm/" + strconv.FormatInt(lessonID, 10) + "/files/" + it.Href
	if q := strings.TrimLeft(it.Parameters, "?&"); q != "" {
		if strings.Contains(u, "?") {
			return u + "&" + q
		}
		return u + "?" + q
	}
	return u
}

// Runtime is a SCO's data model as a session starts.
type Runtime struct {
	Version string            `json:"version"`
	ItemID  int64             `json:"item_id"`
	URL     string            `json:"url"`
	Values  map[string]string `json:"values"`
}

// Runtime loads the learner's record of a SCO with the LMS's elements.
func (s *Service) Runtime(ctx context.Context, a *org.Actor, lessonID, itemID int64) (*Runtime, error) {
	p, it, _, err := s.item(ctx, a, lessonID, itemID)
	if err != nil {
		return nil, err
	}
	r, err := readRecord(ctx, s.db, a.UserID, itemID, false)
	if err != nil {
		return nil, err
	}
	m := Launch(p.Version, itemOf(it), learnerOf(a), r.State)
	return &Runtime{Version: p.Version, ItemID: itemID, URL: LaunchURL(lessonID, it), Values: m.Values}, nil
}

// item finds a launchable item of a lesson the actor may play; it also
// returns the lesson's course.
func (s *Service) item(ctx context.Context, a *org.Actor, lessonID, itemID int64) (*PackageRow, ItemRow, int64, error) {
	p, courseID, err := s.studyable(ctx, a, lessonID)
	if err != nil {
		return nil, ItemRow{}, 0, err
	}
	items, err := listItems(ctx, s.db, lessonID)
	if err != nil {
		return nil, ItemRow{}, 0, err
	}
	for _, it := range items {
		if it.ID == itemID && it.Href != "" {
			return p, it, courseID, nil
		}
	}
	return nil, ItemRow{}, 0, apperr.NotFoundf("课件中没有该内容")
}

func itemOf(it ItemRow) Item {
	return Item{Identifier: it.Identifier, Title: it.Title, Href: it.Href, LaunchData: it.LaunchData, MasteryScore: it.MasteryScore}
}

func learnerOf(a *org.Actor) Learner {
	return Learner{ID: a.Username, Name: a.DisplayName}
}

// CommitInput is what the runtime sends at Commit / Finish: the values
// set since the last confirmed commit, in the order they were set. Session
// and Seq order the requests of one page: while a page closes, its last
// two may arrive in either order, and the later one holds all the
// earlier one did.
type CommitInput struct {
	Values  [][2]string `json:"values"`
	Finish  bool        `json:"finish"`
	Session string      `json:"session"`
	Seq     int64       `json:"seq"`
	// Viewed: the item was shown and left without ever calling the API
	// (an asset, or content that does not talk to the LMS): it is treated
	// as an asset and completed by being shown. The lesson's time is still
	// the study clock's.
	Viewed bool `json:"viewed"`
}

// CommitReply says what the server kept.
type CommitReply struct {
	OK        bool              `json:"ok"`
	Stale     bool              `json:"stale,omitempty"`
	Values    map[string]string `json:"values,omitempty"` // the model after Finish settled it
	Satisfied bool              `json:"satisfied"`        // this SCO meets the lesson's rule
	AllDone   bool              `json:"all_done"`         // every SCO does
	Outline   Outline           `json:"outline"`
	Next      int64             `json:"next,omitempty"` // the SCO an adl.nav.request at Terminate asks for
}

// CommitError is a value the server refused: the element and the
// standard's error code, nothing stored.
type CommitError struct {
	Element string
	Code    int
}

func (e *CommitError) Error() string {
	return "数据模型元素 " + e.Element + " 的值无效（错误代码 " + strconv.Itoa(e.Code) + "）"
}

// Commit validates every value again, writes the record in one
// transaction and answers only after it committed. When the learner's
// SCOs come to satisfy the lesson, courses hear of it in that transaction.
func (s *Service) Commit(ctx context.Context, a *org.Actor, lessonID, itemID int64, in CommitInput) (*CommitReply, error) {
	p, it, courseID, err := s.item(ctx, a, lessonID, itemID)
	if err != nil {
		return nil, err
	}
	if len(in.Values) > 10000 || len(in.Session) > 64 {
		return nil, apperr.Invalidf("一次提交的数据项过多")
	}
	reply := &CommitReply{OK: true}
	err = db.InTxRetry(ctx, s.db, func(tx pgx.Tx) error {
		return s.commitTx(ctx, tx, a, target{p, it, courseID}, in, reply)
	})
	if err != nil {
		return nil, err
	}
	return reply, nil
}

// target is what a commit writes to: the package, the SCO and the course.
type target struct {
	p        *PackageRow
	it       ItemRow
	courseID int64
}

func (s *Service) commitTx(ctx context.Context, tx pgx.Tx, a *org.Actor, t target, in CommitInput, reply *CommitReply) error {
	p, it := t.p, t.it
	r, err := readRecord(ctx, tx, a.UserID, it.ID, true)
	if err != nil {
		return err
	}
	if in.Session != "" && in.Session == r.Session && in.Seq <= r.Seq {
		reply.Stale = true // a later request of this page was applied already
		return nil
	}
	r.Session, r.Seq = in.Session, in.Seq
	m, err := apply(p.Version, itemOf(it), learnerOf(a), &r, in)
	if err != nil {
		return err
	}
	if in.Finish || in.Viewed {
		reply.Values = Launch(p.Version, itemOf(it), learnerOf(a), r.State).Values
	}
	if err := saveRecord(ctx, tx, a.UserID, p.LessonID, t.courseID, p.Version, r); err != nil {
		return err
	}
	if err := s.afterCommit(ctx, tx, a.UserID, p, reply, it.ID); err != nil {
		return err
	}
	if nav := m.Values["adl.nav.request"]; in.Finish && nav != "" && nav != "_none_" {
		reply.Next = reply.Outline.next(it.ID, nav)
	}
	return nil
}

// apply sets a commit's values in order on the record's model, keeps what
// a SCO may set, and ends the session when the commit does; a refused value
// refuses the whole commit.
func apply(version string, it Item, l Learner, r *record, in CommitInput) (*Model, error) {
	m := Launch(version, it, l, r.State)
	for _, kv := range in.Values {
		if code := m.Set(kv[0], kv[1]); code != 0 {
			return nil, apperr.New(apperr.Invalid, "scorm_"+strconv.Itoa(code), "%s", (&CommitError{kv[0], code}).Error())
		}
	}
	clear(r.Data)
	for k, v := range m.Values {
		if writable(version, k) {
			r.Data[k] = v
		}
	}
	if in.Viewed && len(in.Values) == 0 {
		Viewed(version, r.Data)
	}
	if in.Finish || in.Viewed {
		Finish(version, it, &r.State)
	}
	return m, nil
}

// afterCommit tells courses when every SCO now satisfies the lesson.
func (s *Service) afterCommit(ctx context.Context, tx pgx.Tx, userID int64, p *PackageRow, reply *CommitReply, itemID int64) error {
	items, err := listItems(ctx, tx, p.LessonID)
	if err != nil {
		return err
	}
	states, err := satisfiedItems(ctx, tx, userID, p.LessonID)
	if err != nil {
		return err
	}
	reply.Outline = outlineOf(p, items, states)
	reply.Satisfied = reply.Outline.Nodes[reply.Outline.Index(itemID)].Satisfied
	reply.AllDone = reply.Outline.AllDone()
	if !reply.AllDone {
		return nil
	}
	return s.Lessons.ScosSatisfied(ctx, tx, userID, p.LessonID)
}

// Satisfied answers courses, inside their transaction, whether every SCO
// of the lesson satisfies its rule for the learner.
func (s *Service) Satisfied(ctx context.Context, tx pgx.Tx, userID, lessonID int64) (bool, error) {
	p, err := getPackage(ctx, tx, lessonID)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	items, err := listItems(ctx, tx, lessonID)
	if err != nil {
		return false, err
	}
	states, err := satisfiedItems(ctx, tx, userID, lessonID)
	if err != nil {
		return false, err
	}
	return outlineOf(p, items, states).AllDone(), nil
}

// Scores are the learners' reported scores in the given lessons.
func (s *Service) Scores(ctx context.Context, lessonIDs, userIDs []int64) ([]LearnerScore, error) {
	return lessonScores(ctx, s.db, lessonIDs, userIDs)
}

// LearnerRecord is what a learner's SCOs reported in a lesson, for its
// trainer: how many satisfy the lesson's rule, the mean score on 0–100,
// and the time the SCOs said was spent (shown beside, never instead of,
// the server's own clock).
type LearnerRecord struct {
	Satisfied, SCOs int
	Score           *float64
	ReportedSeconds float64
}

// Records lists the learners' records of a lesson for its trainer.
func (s *Service) Records(ctx context.Context, a *org.Actor, lessonID int64) (map[int64]LearnerRecord, error) {
	if _, err := s.Lessons.EditLesson(ctx, a, lessonID); err != nil {
		return nil, err
	}
	p, err := getPackage(ctx, s.db, lessonID)
	if apperr.Is(err, apperr.NotFound) {
		return map[int64]LearnerRecord{}, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := lessonRecords(ctx, s.db, lessonID)
	if err != nil {
		return nil, err
	}
	items, err := listItems(ctx, s.db, lessonID)
	if err != nil {
		return nil, err
	}
	return summarise(p, items, rows), nil
}

func summarise(p *PackageRow, items []ItemRow, rows []recordRow) map[int64]LearnerRecord {
	scos := 0
	for _, it := range items {
		if it.Href != "" {
			scos++
		}
	}
	out := map[int64]LearnerRecord{}
	sums, counts := map[int64]float64{}, map[int64]int{}
	for _, r := range rows {
		rec := out[r.UserID]
		rec.SCOs = scos
		if satisfiedBy(p.Rule, r.Completion, r.Success) {
			rec.Satisfied++
		}
		rec.ReportedSeconds += r.TotalSeconds
		if r.Score != nil {
			sums[r.UserID] += *r.Score
			counts[r.UserID]++
		}
		out[r.UserID] = rec
	}
	for u, n := range counts {
		rec := out[u]
		mean := sums[u] / float64(n)
		rec.Score = &mean
		out[u] = rec
	}
	return out
}
