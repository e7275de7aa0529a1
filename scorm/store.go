package scorm

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// PackageRow is a lesson's package.
type PackageRow struct {
	LessonID  int64  `json:"lesson_id"`
	Version   string `json:"version"`
	Edition   string `json:"edition"`
	Title     string `json:"title"`
	Prefix    string `json:"-"`
	Size      int64  `json:"size"`
	FileCount int    `json:"file_count"`
	Rule      string `json:"rule"`
	Choice    bool   `json:"choice"`
	Flow      bool   `json:"flow"`
}

// ItemRow is one stored activity of the organisation.
type ItemRow struct {
	ID           int64    `json:"id"`
	LessonID     int64    `json:"-"`
	Identifier   string   `json:"identifier"`
	ParentID     *int64   `json:"parent_id"`
	Position     int      `json:"position"`
	Depth        int      `json:"depth"`
	Title        string   `json:"title"`
	Href         string   `json:"href"`
	Parameters   string   `json:"parameters"`
	LaunchData   string   `json:"-"`
	MasteryScore *float64 `json:"mastery_score"`
}

func getPackage(ctx context.Context, q db.DBTX, lessonID int64) (*PackageRow, error) {
	rows, _ := q.Query(ctx, `SELECT lesson_id, version, edition, title, prefix, size, file_count, rule, choice, flow
		FROM scorm_packages WHERE lesson_id = $1`, lessonID)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[PackageRow])
	return p, db.NotFound(err, "课件包")
}

func savePackage(ctx context.Context, tx pgx.Tx, p PackageRow) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO scorm_packages (lesson_id, version, edition, title, prefix, size, file_count, rule, choice, flow)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (lesson_id) DO UPDATE SET version = excluded.version, edition = excluded.edition,
			title = excluded.title, prefix = excluded.prefix, size = excluded.size,
			file_count = excluded.file_count, choice = excluded.choice, flow = excluded.flow`,
		p.LessonID, p.Version, p.Edition, p.Title, p.Prefix, p.Size, p.FileCount, p.Rule, p.Choice, p.Flow)
	return err
}

func setRule(ctx context.Context, q db.DBTX, lessonID int64, rule string) error {
	_, err := q.Exec(ctx, `UPDATE scorm_packages SET rule = $2 WHERE lesson_id = $1`, lessonID, rule)
	return err
}

// saveItems writes the organisation, keeping the id (and so the learners'
// records) of every item whose identifier a new version still has.
func saveItems(ctx context.Context, tx pgx.Tx, lessonID int64, items []Item) error {
	ids := make([]int64, len(items))
	var keep []string
	for i, it := range items {
		var parent *int64
		if it.Parent >= 0 {
			parent = &ids[it.Parent]
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO scorm_items (lesson_id, identifier, parent_id, position, depth, title, href, parameters, launch_data, mastery_score)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (lesson_id, identifier) DO UPDATE SET parent_id = excluded.parent_id,
				position = excluded.position, depth = excluded.depth, title = excluded.title, href = excluded.href,
				parameters = excluded.parameters, launch_data = excluded.launch_data, mastery_score = excluded.mastery_score
			RETURNING id`, lessonID, it.Identifier, parent, i, it.Depth, it.Title, it.Href, it.Parameters,
			it.LaunchData, it.MasteryScore).Scan(&ids[i])
		if err != nil {
			return err
		}
		keep = append(keep, it.Identifier)
	}
	_, err := tx.Exec(ctx, `DELETE FROM scorm_items WHERE lesson_id = $1 AND NOT identifier = ANY($2)`, lessonID, keep)
	return err
}

func listItems(ctx context.Context, q db.DBTX, lessonID int64) ([]ItemRow, error) {
	rows, _ := q.Query(ctx, `SELECT id, lesson_id, identifier, parent_id, position, depth, title, href, parameters,
		launch_data, mastery_score FROM scorm_items WHERE lesson_id = $1 ORDER BY position`, lessonID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[ItemRow])
}

// record is the runtime row of one learner and SCO.
type record struct {
	State
	ItemID  int64
	Found   bool
	Session string // the page session of the last commit applied
	Seq     int64  // and its sequence number
}

// readRecord reads a learner's record of a SCO (an empty one when there
// is none yet), locked for update when lock is set. suspend_data has its
// own column, out of the jsonb: it is the one large value.
func readRecord(ctx context.Context, q db.DBTX, userID, itemID int64, lock bool) (record, error) {
	r := record{ItemID: itemID, State: State{Data: map[string]string{}}}
	sql := `SELECT data, suspend_data, total_seconds, exit, sessions, page_session, page_seq FROM scorm_runtime
		WHERE user_id = $1 AND item_id = $2`
	if lock {
		sql += ` FOR UPDATE`
	}
	var data []byte
	var suspend string
	err := q.QueryRow(ctx, sql, userID, itemID).Scan(&data, &suspend, &r.TotalSeconds, &r.Exit, &r.Sessions, &r.Session, &r.Seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	r.Found = true
	if err := json.Unmarshal(data, &r.Data); err != nil {
		return r, err
	}
	if suspend != "" {
		r.Data["cmi.suspend_data"] = suspend
	}
	return r, nil
}

// saveRecord writes a learner's record with the columns reports read.
func saveRecord(ctx context.Context, tx pgx.Tx, userID, lessonID, courseID int64, version string, r record) error {
	data := map[string]string{}
	for k, v := range r.Data {
		if k != "cmi.suspend_data" {
			data[k] = v
		}
	}
	js, err := json.Marshal(data)
	if err != nil {
		return err
	}
	c := columnsOf(version, r.Data)
	raw, min, max, scaled := Score(version, r.Data)
	_, err = tx.Exec(ctx, `
		INSERT INTO scorm_runtime (user_id, item_id, lesson_id, course_id, data, suspend_data, location, completion, success,
			score_raw, score_min, score_max, score_scaled, session_time, total_seconds, exit, sessions,
			page_session, page_seq, updated_at)
		VALUES ($1, $2, $3, $19, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
		ON CONFLICT (user_id, item_id) DO UPDATE SET data = excluded.data, suspend_data = excluded.suspend_data,
			location = excluded.location, completion = excluded.completion, success = excluded.success,
			score_raw = excluded.score_raw, score_min = excluded.score_min, score_max = excluded.score_max,
			score_scaled = excluded.score_scaled, session_time = excluded.session_time,
			total_seconds = excluded.total_seconds, exit = excluded.exit, sessions = excluded.sessions,
			page_session = excluded.page_session, page_seq = excluded.page_seq, updated_at = now()`,
		userID, r.ItemID, lessonID, js, r.Data["cmi.suspend_data"], c.location, c.completion, c.success,
		raw, min, max, scaled, c.session, r.TotalSeconds, r.Exit, r.Sessions, r.Session, r.Seq, courseID)
	return err
}

type columns struct{ location, completion, success, session string }

func columnsOf(version string, d map[string]string) columns {
	if version == "2004" {
		return columns{d["cmi.location"], or(d["cmi.completion_status"], "unknown"), or(d["cmi.success_status"], "unknown"), d["cmi.session_time"]}
	}
	s := or(d["cmi.core.lesson_status"], "not attempted")
	success := "unknown"
	if s == "passed" || s == "failed" {
		success = s
	}
	return columns{d["cmi.core.lesson_location"], s, success, d["cmi.core.session_time"]}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// satisfiedItems is, of a lesson's launchable items, which the learner's
// records satisfy under the package's rule.
func satisfiedItems(ctx context.Context, q db.DBTX, userID, lessonID int64) (map[int64]string, error) {
	rows, _ := q.Query(ctx, `SELECT r.item_id, r.completion, r.success FROM scorm_runtime r
		WHERE r.user_id = $1 AND r.lesson_id = $2`, userID, lessonID)
	out := map[int64]string{}
	var id int64
	var completion, success string
	_, err := pgx.ForEachRow(rows, []any{&id, &completion, &success}, func() error {
		out[id] = completion + "/" + success
		return nil
	})
	return out, err
}

// LearnerScore is a learner's reported score in a lesson's SCOs: the mean
// of the SCOs that reported one, on 0–100.
type LearnerScore struct {
	UserID   int64
	LessonID int64
	Score    float64
	Scored   int
}

func lessonScores(ctx context.Context, q db.DBTX, lessonIDs, userIDs []int64) ([]LearnerScore, error) {
	rows, _ := q.Query(ctx, `
		SELECT user_id, lesson_id,
			avg(`+scoreSQL+`)::float8 AS score,
			count(*)::int AS scored
		FROM scorm_runtime WHERE lesson_id = ANY($1) AND user_id = ANY($2) AND (score_raw IS NOT NULL OR score_scaled IS NOT NULL)
		GROUP BY user_id, lesson_id`, lessonIDs, userIDs)
	return pgx.CollectRows(rows, pgx.RowToStructByName[LearnerScore])
}

// recordRow is one learner's record of one SCO, with its score on 0–100.
type recordRow struct {
	UserID       int64
	Completion   string
	Success      string
	TotalSeconds float64
	Score        *float64
}

// scoreSQL puts a SCO's reported score on 0–100: scaled when reported,
// else raw within min and max, else raw.
const scoreSQL = `CASE WHEN score_scaled IS NOT NULL THEN score_scaled * 100
	WHEN score_max > coalesce(score_min, 0) THEN (score_raw - coalesce(score_min, 0)) / (score_max - coalesce(score_min, 0)) * 100
	ELSE score_raw END`

func lessonRecords(ctx context.Context, q db.DBTX, lessonID int64) ([]recordRow, error) {
	rows, _ := q.Query(ctx, `SELECT user_id, completion, success, total_seconds, (`+scoreSQL+`)::float8 AS score
		FROM scorm_runtime WHERE lesson_id = $1`, lessonID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[recordRow])
}

func packagedLessons(ctx context.Context, q db.DBTX, lessonIDs []int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT lesson_id FROM scorm_packages WHERE lesson_id = ANY($1)`, lessonIDs)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
