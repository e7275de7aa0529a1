package report

import (
	"context"

	"lms/internal/db"
)

// enrollmentOf reads k's enrollment, and enrollmentsOf all of m's, by the
// learner's index: as a join of the view, the planner may read every
// enrollment of the courses instead (it did, after a bulk assignment).
const (
	enrollmentOf = `SELECT * FROM course_enrollment_facts f
		WHERE f.user_id = k.user_id AND f.course_id = k.course_id LIMIT 1`
	enrollmentsOf = `SELECT * FROM course_enrollment_facts f WHERE f.user_id = m.user_id OFFSET 0`
)

// addEnrollments moves the contribution of the named enrollments (course's
// course_enrollment_facts, under each person's unit from org_members) into
// the sums with the given sign: the enrollment counts by unit, course, due
// date and month, the person's counts, and the credited hours.
func addEnrollments(ctx context.Context, q db.DBTX, users, courses []int64, sign int) error {
	_, err := q.Exec(ctx, `
		WITH k AS (SELECT DISTINCT * FROM unnest($1::bigint[], $2::bigint[]) AS k(user_id, course_id)),
		x AS (
			SELECT f.*, CASE WHEN m.disabled THEN NULL ELSE m.unit_id END AS unit_id
			FROM k CROSS JOIN LATERAL (`+enrollmentOf+`) f JOIN org_members m ON m.user_id = f.user_id),
		d AS (
			SELECT ARRAY(SELECT ROW(unit_id, user_id, course_id, year, due_at, state, enrolled_at, completed_at,
			                        $3::int)::report_enroll_delta FROM x) AS e,
			       ARRAY(SELECT ROW(unit_id, user_id, course_id, year, $3::int * credited_hours, 0, 0, 0)::report_credit_delta
			             FROM x WHERE credited_hours IS NOT NULL) AS h)
		SELECT report_add_enroll_units(e), report_add_enroll_people(e), report_add_credit(h, true)
		FROM d WHERE cardinality(e) > 0`, users, courses, sign)
	return err
}

// refreshQuizBest recomputes the person's best result in the quiz from
// quiz's quiz_attempt_facts and moves the difference into the sums.
func refreshQuizBest(ctx context.Context, q db.DBTX, userID, quizID int64) error {
	_, err := q.Exec(ctx, `SELECT report_quiz_refresh(ARRAY[$1::bigint], ARRAY[$2::bigint])`, userID, quizID)
	return err
}

// addHeads moves the active people's head counts by unit and rank.
func addHeads(ctx context.Context, q db.DBTX, ids []int64, sign int) error {
	_, err := q.Exec(ctx, `
		INSERT INTO report_unit_rank AS t (unit_id, rank, people)
		SELECT unit_id, rank, $2::int * count(*) FROM org_members
		WHERE user_id = ANY ($1) AND NOT disabled GROUP BY 1, 2 ORDER BY 1, 2
		ON CONFLICT (unit_id, rank) DO UPDATE SET people = t.people + excluded.people`, ids, sign)
	return err
}

// relabelPeople copies the people's unit, rank and state onto their rows.
func relabelPeople(ctx context.Context, q db.DBTX, ids []int64) error {
	_, err := q.Exec(ctx, `
		UPDATE report_person_year p SET unit_id = m.unit_id, rank = m.rank, active = NOT m.disabled
		FROM org_members m
		WHERE m.user_id = p.user_id AND p.user_id = ANY ($1)
		  AND (p.unit_id, p.rank, p.active) IS DISTINCT FROM (m.unit_id, m.rank, NOT m.disabled)`, ids)
	return err
}

// rehome moves the active people's figures (enrollments, credit, best
// quiz results) into or out of their unit's sums. Their own rows in
// report_person_year stay: they follow the person, not the unit.
func rehome(ctx context.Context, q db.DBTX, ids []int64, sign int) error {
	_, err := q.Exec(ctx, `
		WITH m AS (SELECT user_id, unit_id FROM org_members WHERE user_id = ANY ($1) AND NOT disabled),
		x AS (SELECT f.*, m.unit_id FROM m CROSS JOIN LATERAL (`+enrollmentsOf+`) f)
		SELECT report_add_enroll_units(ARRAY(
		           SELECT ROW(unit_id, user_id, course_id, year, due_at, state, enrolled_at, completed_at,
		                      $2::int)::report_enroll_delta FROM x)),
		       report_add_credit(ARRAY(
		           SELECT ROW(unit_id, user_id, course_id, year, $2::int * credited_hours, 0, 0, 0)::report_credit_delta
		           FROM x WHERE credited_hours IS NOT NULL
		           UNION ALL
		           SELECT ROW(m.unit_id, b.user_id, b.course_id, b.year, 0, $2::int, $2::int * b.score,
		                      $2::int * b.passed::int)::report_credit_delta
		           FROM report_quiz_best b JOIN m USING (user_id)), false)
		WHERE EXISTS (SELECT 1 FROM m)`, ids, sign)
	return err
}

// addOffline adds hours to the people's offline hours of the years; a
// person's first figures of a year start their row with their unit, rank
// and state (their account is locked by the caller).
func addOffline(ctx context.Context, q db.DBTX, users []int64, years []int, hours []float64) error {
	_, err := q.Exec(ctx, `
		INSERT INTO report_person_year AS t (user_id, year, unit_id, rank, active, offline_hours)
		SELECT x.user_id, x.year, min(m.unit_id), min(m.rank), bool_and(NOT m.disabled), sum(x.hours::numeric)
		FROM unnest($1::bigint[], $2::int[], $3::float8[]) AS x(user_id, year, hours)
		JOIN org_members m ON m.user_id = x.user_id
		GROUP BY 1, 2 ORDER BY 2, 1
		ON CONFLICT (year, user_id) DO UPDATE SET offline_hours = t.offline_hours + excluded.offline_hours`,
		users, years, hours)
	return err
}
