package course

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func loadRules(ctx context.Context, q db.DBTX, lessonID int64) (lessonRules, error) {
	var r lessonRules
	var asset *int64
	err := q.QueryRow(ctx, `
		SELECT l.id, l.course_id, l.kind, l.duration, l.min_seconds, l.media_asset_id,
		       c.max_rate::float8, c.complete_pct::float8, c.presence_check, c.forbid_skip
		FROM lessons l JOIN courses c ON c.id = l.course_id WHERE l.id = $1`, lessonID).Scan(
		&r.LessonID, &r.CourseID, &r.Kind, &r.Duration, &r.MinSeconds, &asset,
		&r.MaxRate, &r.CompletePct, &r.PresenceCheck, &r.ForbidSkip)
	if asset != nil {
		r.AssetID = *asset
	}
	return r, db.NotFound(err, "课时")
}

func (s *Service) enrolledPairs(ctx context.Context, q db.DBTX, batch []*beatReq) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	var users, courses []int64
	for _, r := range batch {
		k := [2]int64{r.userID, r.rules.CourseID}
		if s.enrolled.has(k) {
			out[k] = true
		} else {
			users, courses = append(users, k[0]), append(courses, k[1])
		}
	}
	if len(users) == 0 {
		return out, nil
	}
	rows, _ := q.Query(ctx, `
		SELECT e.user_id, e.course_id FROM enrollments e
		JOIN unnest($1::bigint[], $2::bigint[]) AS v(u, c) ON e.user_id = v.u AND e.course_id = v.c`, users, courses)
	var u, c int64
	_, err := pgx.ForEachRow(rows, []any{&u, &c}, func() error {
		out[[2]int64{u, c}] = true
		s.enrolled.add([2]int64{u, c})
		return nil
	})
	return out, err
}

func splitKeys(keys []key) (users, lessons []int64) {
	users, lessons = make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		users[i], lessons[i] = k.user, k.lesson
	}
	return users, lessons
}

// progressRow scans a lesson_progress row (progressCols) into a Progress.
// Heartbeat batches read thousands of these a second, so the columns are
// scanned by position rather than by reflection.
type progressRow struct {
	key
	p                  Progress
	coverage           []byte
	lastBeat, checkDue *time.Time
	completedAt        *time.Time
}

func (r *progressRow) dest() []any {
	return []any{&r.user, &r.lesson, &r.coverage, &r.p.Position, &r.p.Furthest, &r.p.ActiveSeconds,
		&r.p.PlaybackID, &r.p.LastSeq, &r.lastBeat, &r.p.CheckID, &r.checkDue, &r.completedAt}
}

func (r *progressRow) progress() Progress {
	p := r.p
	p.Coverage = parseCoverage(r.coverage)
	p.Completed = r.completedAt != nil
	if r.lastBeat != nil {
		p.LastBeatAt = *r.lastBeat
	}
	if r.checkDue != nil {
		p.CheckDue = *r.checkDue
	}
	return p
}

const progressCols = `user_id, lesson_id, coverage, position, furthest, active_seconds, playback_id,
	last_seq, last_beat_at, check_id, check_due_at, completed_at`

// lockProgress locks the batch's rows in key order, creating the missing
// ones first. In the steady state that is one SELECT ... FOR UPDATE: an
// upsert would write a new row version for every heartbeat.
func lockProgress(ctx context.Context, tx pgx.Tx, keys []key) (map[key]*Progress, error) {
	out, err := selectProgress(ctx, tx, keys)
	if err != nil || len(out) == len(keys) {
		return out, err
	}
	var missing []key
	for _, k := range keys {
		if out[k] == nil {
			missing = append(missing, k)
		}
	}
	users, lessons := splitKeys(missing)
	if _, err := tx.Exec(ctx, `
		INSERT INTO lesson_progress (user_id, lesson_id, course_id)
		SELECT v.u, v.l, l.course_id FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS v(u, l, n)
		JOIN lessons l ON l.id = v.l ORDER BY v.n
		ON CONFLICT DO NOTHING`, users, lessons); err != nil {
		return nil, err
	}
	created, err := selectProgress(ctx, tx, missing)
	for k, p := range created {
		out[k] = p
	}
	return out, err
}

func selectProgress(ctx context.Context, tx pgx.Tx, keys []key) (map[key]*Progress, error) {
	users, lessons := splitKeys(keys)
	rows, _ := tx.Query(ctx, `
		SELECT `+progressCols+` FROM lesson_progress
		WHERE (user_id, lesson_id) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))
		ORDER BY user_id, lesson_id FOR UPDATE`, users, lessons)
	out := make(map[key]*Progress, len(keys))
	var r progressRow
	_, err := pgx.ForEachRow(rows, r.dest(), func() error {
		p := r.progress()
		out[r.key] = &p
		return nil
	})
	return out, err
}

func lockActive(ctx context.Context, tx pgx.Tx, keys []key) (map[int64]Playback, error) {
	users, _ := splitKeys(keys)
	rows, _ := tx.Query(ctx, `SELECT user_id, playback_id, lesson_id FROM active_playback
		WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE`, users)
	out := map[int64]Playback{}
	var u int64
	var pb Playback
	_, err := pgx.ForEachRow(rows, []any{&u, &pb.ID, &pb.LessonID}, func() error {
		out[u] = pb
		return nil
	})
	return out, err
}

func getProgress(ctx context.Context, q db.DBTX, userID, lessonID int64) (Progress, error) {
	var r progressRow
	err := q.QueryRow(ctx, `SELECT `+progressCols+` FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`,
		userID, lessonID).Scan(r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return Progress{}, nil
	}
	return r.progress(), err
}

func saveProgress(ctx context.Context, tx pgx.Tx, w *batchWrite) error {
	n := len(w.courseOf)
	users, lessons := make([]int64, 0, n), make([]int64, 0, n)
	covs, seqs, pbs, cids := make([]string, 0, n), make([]int64, 0, n), make([]string, 0, n), make([]string, 0, n)
	pos, fur, act, covered := make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	ats, dues, done := make([]*time.Time, 0, n), make([]*time.Time, 0, n), make([]bool, 0, n)
	for k := range w.courseOf {
		p := w.progress[k]
		users, lessons = append(users, k.user), append(lessons, k.lesson)
		covs, covered = append(covs, string(appendCoverage(nil, p.Coverage))), append(covered, Total(p.Coverage))
		pos, fur, act = append(pos, p.Position), append(fur, p.Furthest), append(act, p.ActiveSeconds)
		pbs, seqs, cids = append(pbs, p.PlaybackID), append(seqs, p.LastSeq), append(cids, p.CheckID)
		ats, dues, done = append(ats, timePtr(p.LastBeatAt)), append(dues, timePtr(p.CheckDue)), append(done, p.Completed)
	}
	_, err := tx.Exec(ctx, `
		UPDATE lesson_progress p SET coverage = v.cov::jsonb, covered = v.covered, position = v.pos,
			furthest = v.fur, active_seconds = v.act, playback_id = v.pb, last_seq = v.seq,
			last_beat_at = v.at, check_id = v.cid, check_due_at = v.due,
			completed_at = CASE WHEN v.done THEN coalesce(p.completed_at, now()) ELSE p.completed_at END,
			updated_at = now()
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
		            $7::float8[], $8::text[], $9::bigint[], $10::timestamptz[], $11::text[], $12::timestamptz[], $13::bool[])
		     AS v(u, l, cov, covered, pos, fur, act, pb, seq, at, cid, due, done)
		WHERE p.user_id = v.u AND p.lesson_id = v.l`,
		users, lessons, covs, covered, pos, fur, act, pbs, seqs, ats, cids, dues, done)
	return err
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func saveTakeovers(ctx context.Context, tx pgx.Tx, w *batchWrite) error {
	if len(w.takeovers) == 0 {
		return nil
	}
	var users, lessons []int64
	var pbs []string
	for u, k := range w.takeovers {
		users, lessons, pbs = append(users, u), append(lessons, k.lesson), append(pbs, w.active[u].ID)
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO active_playback (user_id, playback_id, lesson_id)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])
		ON CONFLICT (user_id) DO UPDATE SET playback_id = excluded.playback_id,
			lesson_id = excluded.lesson_id, started_at = now()`, users, pbs, lessons)
	return err
}

func markStarted(ctx context.Context, tx pgx.Tx, started map[[2]int64]bool) error {
	if len(started) == 0 {
		return nil
	}
	var users, courses []int64
	for k := range started {
		users, courses = append(users, k[0]), append(courses, k[1])
	}
	_, err := tx.Exec(ctx, `
		UPDATE enrollments e SET state = 'in_progress', started_at = now()
		FROM unnest($1::bigint[], $2::bigint[]) AS v(u, c)
		WHERE e.user_id = v.u AND e.course_id = v.c AND e.state = 'not_started'`, users, courses)
	return err
}

// enrollmentChangesLock is the class of the advisory lock of lockStudents
// (the two-key form, apart from River's one-key locks).
const enrollmentChangesLock int32 = 0x636f7572 // "cour"

// lockEnrollmentChanges takes that lock until the transaction ends.
func lockEnrollmentChanges(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, enrollmentChangesLock)
	return err
}

// completeScormLesson marks a SCORM lesson completed when the study clock
// already has its minimum time; the row is locked as heartbeats lock it.
func completeScormLesson(ctx context.Context, tx pgx.Tx, userID, lessonID int64, minSeconds float64) (bool, error) {
	var active float64
	var completed bool
	err := tx.QueryRow(ctx, `SELECT active_seconds, completed_at IS NOT NULL FROM lesson_progress
		WHERE user_id = $1 AND lesson_id = $2 FOR UPDATE`, userID, lessonID).Scan(&active, &completed)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil || completed || active < minSeconds {
		return false, err
	}
	_, err = tx.Exec(ctx, `UPDATE lesson_progress SET completed_at = now(), updated_at = now()
		WHERE user_id = $1 AND lesson_id = $2`, userID, lessonID)
	return err == nil, err
}
