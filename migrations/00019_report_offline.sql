-- +goose Up

-- course's published read model of the ledger entries no online course
-- earned: a finished training class, an approved offline claim (kind).
-- Other features read this view, never credit_ledger.
CREATE VIEW course_other_credit_facts AS
SELECT user_id, kind, ref_id, title, year, hours, credited_at
FROM credit_ledger WHERE course_id IS NULL;

-- A person's offline hours of a year (classes and claims), beside the
-- online hours: the 学时 requirement counts both, the reports show both.
-- course tells the report of each entry and its withdrawal
-- (course.Reporter.OtherCredited). Unit figures sum these rows, which
-- follow the person's unit as the other columns do.
ALTER TABLE report_person_year ADD COLUMN offline_hours numeric(12, 2) NOT NULL DEFAULT 0;

-- What report_person_year must hold, now with the offline hours (a new
-- last column, so the view can be replaced in place).
CREATE OR REPLACE VIEW report_expected_person_year AS
WITH e AS (
    SELECT user_id, year, count(*) AS enrolled, count(*) FILTER (WHERE state = 'not_started') AS not_started,
           count(*) FILTER (WHERE state = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE state = 'completed') AS completed, coalesce(sum(credited_hours), 0) AS hours
    FROM course_enrollment_facts GROUP BY 1, 2),
q AS (SELECT user_id, year, count(*) AS taken, sum(score) AS score, count(*) FILTER (WHERE passed) AS passed
      FROM report_expected_quiz_best GROUP BY 1, 2),
o AS (SELECT user_id, year, sum(hours) AS hours FROM course_other_credit_facts GROUP BY 1, 2),
eq AS (
    SELECT coalesce(e.user_id, q.user_id) AS user_id, coalesce(e.year, q.year) AS year, e.enrolled, e.not_started,
           e.in_progress, e.completed, e.hours, q.taken, q.score, q.passed
    FROM e FULL JOIN q ON q.user_id = e.user_id AND q.year = e.year),
eqo AS (
    SELECT coalesce(eq.user_id, o.user_id) AS user_id, coalesce(eq.year, o.year) AS year, eq.enrolled,
           eq.not_started, eq.in_progress, eq.completed, eq.hours, eq.taken, eq.score, eq.passed,
           o.hours AS offline
    FROM eq FULL JOIN o ON o.user_id = eq.user_id AND o.year = eq.year)
SELECT x.user_id, x.year, m.unit_id, m.rank, NOT m.disabled AS active,
       coalesce(x.enrolled, 0)::int AS enrolled, coalesce(x.not_started, 0)::int AS not_started,
       coalesce(x.in_progress, 0)::int AS in_progress, coalesce(x.completed, 0)::int AS completed,
       coalesce(x.hours, 0)::numeric(12, 2) AS hours, coalesce(x.taken, 0)::int AS quiz_taken,
       coalesce(x.score, 0)::numeric(14, 2) AS quiz_score, coalesce(x.passed, 0)::int AS quiz_passed,
       coalesce(x.offline, 0)::numeric(12, 2) AS offline_hours
FROM eqo x JOIN org_members m ON m.user_id = x.user_id;

-- The offline entries credited before this version enter the sums now:
-- they are few (one per class member or claim, not per enrollment).
INSERT INTO report_person_year AS t (user_id, year, unit_id, rank, active, offline_hours)
SELECT o.user_id, o.year, min(m.unit_id), min(m.rank), bool_and(NOT m.disabled), sum(o.hours)
FROM course_other_credit_facts o JOIN org_members m ON m.user_id = o.user_id
GROUP BY 1, 2 ORDER BY 2, 1
ON CONFLICT (year, user_id) DO UPDATE SET offline_hours = excluded.offline_hours;

-- +goose Down
DROP VIEW report_expected_person_year;
CREATE VIEW report_expected_person_year AS
WITH e AS (
    SELECT user_id, year, count(*) AS enrolled, count(*) FILTER (WHERE state = 'not_started') AS not_started,
           count(*) FILTER (WHERE state = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE state = 'completed') AS completed, coalesce(sum(credited_hours), 0) AS hours
    FROM course_enrollment_facts GROUP BY 1, 2),
q AS (SELECT user_id, year, count(*) AS taken, sum(score) AS score, count(*) FILTER (WHERE passed) AS passed
      FROM report_expected_quiz_best GROUP BY 1, 2),
eq AS (
    SELECT coalesce(e.user_id, q.user_id) AS user_id, coalesce(e.year, q.year) AS year, e.enrolled, e.not_started,
           e.in_progress, e.completed, e.hours, q.taken, q.score, q.passed
    FROM e FULL JOIN q ON q.user_id = e.user_id AND q.year = e.year)
SELECT eq.user_id, eq.year, m.unit_id, m.rank, NOT m.disabled AS active,
       coalesce(eq.enrolled, 0)::int AS enrolled, coalesce(eq.not_started, 0)::int AS not_started,
       coalesce(eq.in_progress, 0)::int AS in_progress, coalesce(eq.completed, 0)::int AS completed,
       coalesce(eq.hours, 0)::numeric(12, 2) AS hours, coalesce(eq.taken, 0)::int AS quiz_taken,
       coalesce(eq.score, 0)::numeric(14, 2) AS quiz_score, coalesce(eq.passed, 0)::int AS quiz_passed
FROM eq JOIN org_members m ON m.user_id = eq.user_id;
ALTER TABLE report_person_year DROP COLUMN offline_hours;
DROP VIEW course_other_credit_facts;
