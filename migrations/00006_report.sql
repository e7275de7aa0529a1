-- +goose Up

-- org's published read model of people's names: report reads it, never the
-- users table, for the names on its pages and exports.
CREATE VIEW org_member_names AS
SELECT id AS user_id, username, display_name FROM users;

-- quiz's published read model: graded attempts of assessed quizzes (the
-- daily practice is training, not assessment, and stays out). score is the
-- percentage of the attempt's points, 0 to 100.
CREATE VIEW quiz_attempt_facts AS
SELECT a.user_id, a.quiz_id, q.course_id, a.percent AS score, coalesce(a.passed, false) AS passed, a.submitted_at
FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
WHERE a.status = 'graded' AND q.mode <> 'daily' AND a.submitted_at IS NOT NULL;

-- The study year and month a moment belongs to, in China.
CREATE FUNCTION report_year(t timestamptz) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN extract(year FROM t AT TIME ZONE 'Asia/Shanghai')::int;

CREATE FUNCTION report_month(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN date_trunc('month', t AT TIME ZONE 'Asia/Shanghai')::date;

-- Pre-aggregated figures, so that a report of 200,000 people reads tens of
-- thousands of rows instead of millions of enrollments. The triggers below
-- keep them equal to the raw records in the transaction of every change;
-- the report_expected_* views say what they must hold, computed from the
-- raw records, and report.Verify (the nightly reconcile job, and the
-- tests) compares the two.

-- Active people per unit and rank: head counts, and who owes which hours.
CREATE TABLE report_unit_rank (
    unit_id bigint NOT NULL,
    rank    text NOT NULL,
    people  int NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, rank)
);

-- One row per person and study year, with the person's unit, rank and
-- whether they are active copied from their account (kept by the users
-- trigger), so that unit sums scan this one table.
CREATE TABLE report_person_year (
    user_id     bigint NOT NULL,
    year        int NOT NULL,
    unit_id     bigint NOT NULL,
    rank        text NOT NULL,
    active      boolean NOT NULL,
    enrolled    int NOT NULL DEFAULT 0,
    not_started int NOT NULL DEFAULT 0,
    in_progress int NOT NULL DEFAULT 0,
    completed   int NOT NULL DEFAULT 0,
    hours       numeric(12, 2) NOT NULL DEFAULT 0,
    quiz_taken  int NOT NULL DEFAULT 0,
    quiz_score  numeric(14, 2) NOT NULL DEFAULT 0,
    quiz_passed int NOT NULL DEFAULT 0,
    PRIMARY KEY (year, user_id)
);
CREATE INDEX report_person_year_user ON report_person_year (user_id, year);
CREATE INDEX report_person_year_unit ON report_person_year (unit_id, year);

-- Enrollments of active people per unit, course, year and due date. The
-- due date is in the key so that "overdue" (open and past due, which the
-- clock changes, not a write) is exact at any moment: the open counts of
-- the rows due before now. No due date is 'infinity'.
CREATE TABLE report_unit_course (
    unit_id      bigint NOT NULL,
    course_id    bigint NOT NULL,
    year         int NOT NULL,
    due_at       timestamptz NOT NULL,
    enrolled     int NOT NULL DEFAULT 0,
    not_started  int NOT NULL DEFAULT 0,
    in_progress  int NOT NULL DEFAULT 0,
    completed    int NOT NULL DEFAULT 0,
    -- sum over completed enrollments of (completed_at - enrolled_at)
    done_seconds numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (year, unit_id, course_id, due_at)
);
CREATE INDEX report_unit_course_course ON report_unit_course (year, course_id);

-- The same without the course: what the units report reads.
CREATE TABLE report_unit_due (
    unit_id     bigint NOT NULL,
    year        int NOT NULL,
    due_at      timestamptz NOT NULL,
    enrolled    int NOT NULL DEFAULT 0,
    not_started int NOT NULL DEFAULT 0,
    in_progress int NOT NULL DEFAULT 0,
    completed   int NOT NULL DEFAULT 0,
    PRIMARY KEY (year, unit_id, due_at)
);

-- Credited hours (by the ledger's year) and best quiz results (by the
-- year of the attempt) of active people per unit, course and year.
CREATE TABLE report_unit_course_credit (
    unit_id     bigint NOT NULL,
    course_id   bigint NOT NULL,
    year        int NOT NULL,
    hours       numeric(14, 2) NOT NULL DEFAULT 0,
    quiz_taken  int NOT NULL DEFAULT 0,
    quiz_score  numeric(14, 2) NOT NULL DEFAULT 0,
    quiz_passed int NOT NULL DEFAULT 0,
    PRIMARY KEY (year, unit_id, course_id)
);
CREATE INDEX report_unit_course_credit_course ON report_unit_course_credit (year, course_id);

-- Completions of active people per unit, study year and month (China).
CREATE TABLE report_unit_month (
    unit_id   bigint NOT NULL,
    year      int NOT NULL,
    month     date NOT NULL,
    completed int NOT NULL DEFAULT 0,
    PRIMARY KEY (year, unit_id, month)
);

-- A person's best result in a quiz in a year: the best score of their
-- graded attempts, and whether any passed. Quiz figures count these, so a
-- retake replaces a result instead of adding one.
CREATE TABLE report_quiz_best (
    user_id   bigint NOT NULL,
    quiz_id   bigint NOT NULL,
    year      int NOT NULL,
    course_id bigint,
    score     numeric(6, 2) NOT NULL,
    passed    boolean NOT NULL,
    PRIMARY KEY (user_id, quiz_id, year)
);

-- What each table must hold, from the raw records (all-zero rows of a
-- table count as no row).
CREATE VIEW report_expected_unit_rank AS
SELECT unit_id, rank, count(*)::int AS people FROM org_members WHERE NOT disabled GROUP BY 1, 2;

CREATE VIEW report_expected_quiz_best AS
SELECT user_id, quiz_id, report_year(submitted_at) AS year, max(course_id) AS course_id,
       coalesce(max(score), 0)::numeric(6, 2) AS score, bool_or(passed) AS passed
FROM quiz_attempt_facts GROUP BY 1, 2, 3;

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

CREATE VIEW report_expected_unit_course AS
SELECT m.unit_id, f.course_id, f.year, coalesce(f.due_at, 'infinity') AS due_at, count(*)::int AS enrolled,
       count(*) FILTER (WHERE f.state = 'not_started')::int AS not_started,
       count(*) FILTER (WHERE f.state = 'in_progress')::int AS in_progress,
       count(*) FILTER (WHERE f.state = 'completed')::int AS completed,
       coalesce(sum(extract(epoch FROM f.completed_at - f.enrolled_at))
                FILTER (WHERE f.state = 'completed' AND f.completed_at IS NOT NULL), 0) AS done_seconds
FROM course_enrollment_facts f JOIN org_members m ON m.user_id = f.user_id AND NOT m.disabled
GROUP BY 1, 2, 3, 4;

CREATE VIEW report_expected_unit_due AS
SELECT unit_id, year, due_at, sum(enrolled)::int AS enrolled, sum(not_started)::int AS not_started,
       sum(in_progress)::int AS in_progress, sum(completed)::int AS completed
FROM report_expected_unit_course GROUP BY 1, 2, 3;

CREATE VIEW report_expected_unit_course_credit AS
WITH h AS (
    SELECT m.unit_id, f.course_id, f.year, sum(f.credited_hours) AS hours
    FROM course_enrollment_facts f JOIN org_members m ON m.user_id = f.user_id AND NOT m.disabled
    WHERE f.credited_hours IS NOT NULL GROUP BY 1, 2, 3),
q AS (
    SELECT m.unit_id, b.course_id, b.year, count(*) AS taken, sum(b.score) AS score,
           count(*) FILTER (WHERE b.passed) AS passed
    FROM report_expected_quiz_best b JOIN org_members m ON m.user_id = b.user_id AND NOT m.disabled
    WHERE b.course_id IS NOT NULL GROUP BY 1, 2, 3)
SELECT coalesce(h.unit_id, q.unit_id) AS unit_id, coalesce(h.course_id, q.course_id) AS course_id,
       coalesce(h.year, q.year) AS year, coalesce(h.hours, 0)::numeric(14, 2) AS hours,
       coalesce(q.taken, 0)::int AS quiz_taken, coalesce(q.score, 0)::numeric(14, 2) AS quiz_score,
       coalesce(q.passed, 0)::int AS quiz_passed
FROM h FULL JOIN q ON q.unit_id = h.unit_id AND q.course_id = h.course_id AND q.year = h.year;

CREATE VIEW report_expected_unit_month AS
SELECT m.unit_id, f.year, report_month(f.completed_at) AS month, count(*)::int AS completed
FROM course_enrollment_facts f JOIN org_members m ON m.user_id = f.user_id AND NOT m.disabled
WHERE f.state = 'completed' AND f.completed_at IS NOT NULL GROUP BY 1, 2, 3;

CREATE TYPE report_enroll_delta AS (
    unit_id bigint, user_id bigint, course_id bigint, year int, due_at timestamptz,
    state text, enrolled_at timestamptz, completed_at timestamptz, sign int
);

CREATE TYPE report_credit_delta AS (
    unit_id bigint, user_id bigint, course_id bigint, year int, hours numeric,
    quiz_taken int, quiz_score numeric, quiz_passed int
);

-- report_units locks the people's account rows (FOR SHARE) and returns
-- the unit each counts under (NULL when disabled). The lock orders this
-- transaction with a concurrent change of the same account (see
-- report_users_updated), which would otherwise move their figures without
-- seeing this change.
-- +goose StatementBegin
CREATE FUNCTION report_units(ids bigint[]) RETURNS TABLE (user_id bigint, unit_id bigint)
LANGUAGE sql AS $$
    SELECT u.id, CASE WHEN u.disabled THEN NULL ELSE u.unit_id END
    FROM users u WHERE u.id = ANY (ids) ORDER BY u.id FOR SHARE
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_add_enroll_units(d report_enroll_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- ORDER BY: rows are locked in key order, so concurrent writers never
    -- wait on each other in a circle.
    INSERT INTO report_unit_course AS t
        (unit_id, course_id, year, due_at, enrolled, not_started, in_progress, completed, done_seconds)
    SELECT x.unit_id, x.course_id, x.year, coalesce(x.due_at, 'infinity'), sum(x.sign),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'not_started'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'in_progress'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'completed'), 0),
           coalesce(sum(x.sign * extract(epoch FROM x.completed_at - x.enrolled_at))
                    FILTER (WHERE x.state = 'completed' AND x.completed_at IS NOT NULL), 0)
    FROM unnest(d) x WHERE x.unit_id IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4
    ON CONFLICT (year, unit_id, course_id, due_at) DO UPDATE SET
        enrolled = t.enrolled + excluded.enrolled, not_started = t.not_started + excluded.not_started,
        in_progress = t.in_progress + excluded.in_progress, completed = t.completed + excluded.completed,
        done_seconds = t.done_seconds + excluded.done_seconds;

    INSERT INTO report_unit_due AS t (unit_id, year, due_at, enrolled, not_started, in_progress, completed)
    SELECT x.unit_id, x.year, coalesce(x.due_at, 'infinity'), sum(x.sign),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'not_started'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'in_progress'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'completed'), 0)
    FROM unnest(d) x WHERE x.unit_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
    ON CONFLICT (year, unit_id, due_at) DO UPDATE SET
        enrolled = t.enrolled + excluded.enrolled, not_started = t.not_started + excluded.not_started,
        in_progress = t.in_progress + excluded.in_progress, completed = t.completed + excluded.completed;

    INSERT INTO report_unit_month AS t (unit_id, year, month, completed)
    SELECT x.unit_id, x.year, report_month(x.completed_at), sum(x.sign)
    FROM unnest(d) x
    WHERE x.unit_id IS NOT NULL AND x.state = 'completed' AND x.completed_at IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
    ON CONFLICT (year, unit_id, month) DO UPDATE SET completed = t.completed + excluded.completed;
END $$;
-- +goose StatementEnd

-- A person's first figures of a year start their row, with their unit,
-- rank and state as the account has them (locked by report_units).
-- +goose StatementBegin
CREATE FUNCTION report_add_enroll_people(d report_enroll_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_person_year AS t (user_id, year, unit_id, rank, active, enrolled, not_started, in_progress, completed)
    SELECT x.user_id, x.year, min(u.unit_id), min(u.rank), bool_and(NOT u.disabled), sum(x.sign),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'not_started'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'in_progress'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'completed'), 0)
    FROM unnest(d) x JOIN users u ON u.id = x.user_id
    GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT (year, user_id) DO UPDATE SET
        enrolled = t.enrolled + excluded.enrolled, not_started = t.not_started + excluded.not_started,
        in_progress = t.in_progress + excluded.in_progress, completed = t.completed + excluded.completed;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_add_credit(d report_credit_delta[], people boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_unit_course_credit AS t (unit_id, course_id, year, hours, quiz_taken, quiz_score, quiz_passed)
    SELECT x.unit_id, x.course_id, x.year, sum(x.hours), sum(x.quiz_taken), sum(x.quiz_score), sum(x.quiz_passed)
    FROM unnest(d) x WHERE x.unit_id IS NOT NULL AND x.course_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 3, 1, 2
    ON CONFLICT (year, unit_id, course_id) DO UPDATE SET
        hours = t.hours + excluded.hours, quiz_taken = t.quiz_taken + excluded.quiz_taken,
        quiz_score = t.quiz_score + excluded.quiz_score, quiz_passed = t.quiz_passed + excluded.quiz_passed;
    IF NOT people THEN
        RETURN;
    END IF;
    INSERT INTO report_person_year AS t (user_id, year, unit_id, rank, active, hours, quiz_taken, quiz_score, quiz_passed)
    SELECT x.user_id, x.year, min(u.unit_id), min(u.rank), bool_and(NOT u.disabled),
           sum(x.hours), sum(x.quiz_taken), sum(x.quiz_score), sum(x.quiz_passed)
    FROM unnest(d) x JOIN users u ON u.id = x.user_id
    GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT (year, user_id) DO UPDATE SET
        hours = t.hours + excluded.hours, quiz_taken = t.quiz_taken + excluded.quiz_taken,
        quiz_score = t.quiz_score + excluded.quiz_score, quiz_passed = t.quiz_passed + excluded.quiz_passed;
END $$;
-- +goose StatementEnd

-- The triggers below are report's subscription to the raw records of
-- course (enrollments, credit_ledger), quiz (quiz_attempts) and org
-- (users): they read only the columns those features publish in their
-- views, and write only report's tables.

-- +goose StatementBegin
CREATE FUNCTION report_enroll_apply(d report_enroll_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    withunits report_enroll_delta[];
BEGIN
    IF coalesce(cardinality(d), 0) = 0 THEN
        RETURN;
    END IF;
    SELECT array_agg(ROW(m.unit_id, x.user_id, x.course_id, x.year, x.due_at, x.state,
                         x.enrolled_at, x.completed_at, x.sign)::report_enroll_delta)
    INTO withunits
    FROM unnest(d) x
    LEFT JOIN report_units(ARRAY(SELECT DISTINCT y.user_id FROM unnest(d) y)) m ON m.user_id = x.user_id;
    PERFORM report_add_enroll_units(withunits);
    PERFORM report_add_enroll_people(d);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_enroll_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_enroll_apply(ARRAY(
        SELECT ROW(NULL, n.user_id, n.course_id, n.year, n.due_at, n.state, n.enrolled_at, n.completed_at, 1)::report_enroll_delta
        FROM new_rows n));
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_enroll_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_enroll_apply(ARRAY(
        SELECT ROW(NULL, o.user_id, o.course_id, o.year, o.due_at, o.state, o.enrolled_at, o.completed_at, -1)::report_enroll_delta
        FROM old_rows o));
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Only rows whose counted columns changed make a delta: the reminder job's
-- updates of other columns cost a join and nothing more.
-- +goose StatementBegin
CREATE FUNCTION report_enroll_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_enroll_apply(ARRAY(
        WITH changed AS (
            SELECT o.user_id AS o_user, o.course_id AS o_course, o.year AS o_year, o.due_at AS o_due,
                   o.state AS o_state, o.enrolled_at AS o_enrolled, o.completed_at AS o_completed,
                   n.user_id, n.course_id, n.year, n.due_at, n.state, n.enrolled_at, n.completed_at
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.user_id, o.course_id, o.year, o.due_at, o.state, o.enrolled_at, o.completed_at)
                  IS DISTINCT FROM (n.user_id, n.course_id, n.year, n.due_at, n.state, n.enrolled_at, n.completed_at))
        SELECT ROW(NULL, o_user, o_course, o_year, o_due, o_state, o_enrolled, o_completed, -1)::report_enroll_delta FROM changed
        UNION ALL
        SELECT ROW(NULL, user_id, course_id, year, due_at, state, enrolled_at, completed_at, 1)::report_enroll_delta FROM changed));
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER report_enroll_ins AFTER INSERT ON enrollments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_enroll_inserted();
CREATE TRIGGER report_enroll_upd AFTER UPDATE ON enrollments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_enroll_updated();
CREATE TRIGGER report_enroll_del AFTER DELETE ON enrollments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_enroll_deleted();

-- +goose StatementBegin
CREATE FUNCTION report_ledger_apply(d report_credit_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    withunits report_credit_delta[];
BEGIN
    IF coalesce(cardinality(d), 0) = 0 THEN
        RETURN;
    END IF;
    SELECT array_agg(ROW(m.unit_id, x.user_id, x.course_id, x.year, x.hours, 0, 0, 0)::report_credit_delta)
    INTO withunits
    FROM unnest(d) x
    LEFT JOIN report_units(ARRAY(SELECT DISTINCT y.user_id FROM unnest(d) y)) m ON m.user_id = x.user_id;
    PERFORM report_add_credit(withunits, true);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_ledger_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_ledger_apply(ARRAY(
            SELECT ROW(NULL, n.user_id, n.course_id, n.year, n.hours, 0, 0, 0)::report_credit_delta FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM report_ledger_apply(ARRAY(
            SELECT ROW(NULL, o.user_id, o.course_id, o.year, -o.hours, 0, 0, 0)::report_credit_delta FROM old_rows o));
    ELSE
        PERFORM report_ledger_apply(ARRAY(
            SELECT ROW(NULL, o.user_id, o.course_id, o.year, -o.hours, 0, 0, 0)::report_credit_delta FROM old_rows o
            UNION ALL
            SELECT ROW(NULL, n.user_id, n.course_id, n.year, n.hours, 0, 0, 0)::report_credit_delta FROM new_rows n));
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER report_ledger_ins AFTER INSERT ON credit_ledger
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ledger_changed();
CREATE TRIGGER report_ledger_upd AFTER UPDATE ON credit_ledger
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ledger_changed();
CREATE TRIGGER report_ledger_del AFTER DELETE ON credit_ledger
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ledger_changed();

-- report_quiz_refresh recomputes the best results of the given (person,
-- quiz) pairs from quiz_attempt_facts and moves the difference into the
-- sums: the old results out, the new ones in.
-- +goose StatementBegin
CREATE FUNCTION report_quiz_refresh(users bigint[], quizzes bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    gone report_credit_delta[];
    came report_credit_delta[];
BEGIN
    WITH k AS (SELECT DISTINCT * FROM unnest(users, quizzes) AS k(user_id, quiz_id)),
    old AS (
        DELETE FROM report_quiz_best b USING k
        WHERE b.user_id = k.user_id AND b.quiz_id = k.quiz_id RETURNING b.*)
    SELECT array_agg(ROW(m.unit_id, o.user_id, o.course_id, o.year, 0, -1, -o.score, -o.passed::int)::report_credit_delta)
    INTO gone
    FROM old o LEFT JOIN report_units(users) m ON m.user_id = o.user_id;
    WITH k AS (SELECT DISTINCT * FROM unnest(users, quizzes) AS k(user_id, quiz_id)),
    fresh AS (
        INSERT INTO report_quiz_best (user_id, quiz_id, year, course_id, score, passed)
        SELECT f.user_id, f.quiz_id, report_year(f.submitted_at), max(f.course_id), coalesce(max(f.score), 0), bool_or(f.passed)
        FROM quiz_attempt_facts f JOIN k ON k.user_id = f.user_id AND k.quiz_id = f.quiz_id
        GROUP BY 1, 2, 3 RETURNING *)
    SELECT array_agg(ROW(m.unit_id, n.user_id, n.course_id, n.year, 0, 1, n.score, n.passed::int)::report_credit_delta)
    INTO came
    FROM fresh n LEFT JOIN report_units(users) m ON m.user_id = n.user_id;
    PERFORM report_add_credit(coalesce(gone, '{}') || coalesce(came, '{}'), true);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_quiz_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    u bigint[];
    q bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id), array_agg(quiz_id) INTO u, q FROM new_rows WHERE status = 'graded';
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(user_id), array_agg(quiz_id) INTO u, q FROM old_rows WHERE status = 'graded';
    ELSE
        WITH changed AS (
            SELECT o.user_id AS o_user, o.quiz_id AS o_quiz, n.user_id, n.quiz_id
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.status = 'graded' OR n.status = 'graded')
              AND (o.status, o.percent, o.passed, o.submitted_at, o.user_id, o.quiz_id)
                  IS DISTINCT FROM (n.status, n.percent, n.passed, n.submitted_at, n.user_id, n.quiz_id)),
        k AS (SELECT o_user AS user_id, o_quiz AS quiz_id FROM changed UNION SELECT user_id, quiz_id FROM changed)
        SELECT array_agg(k.user_id), array_agg(k.quiz_id) INTO u, q FROM k;
    END IF;
    IF u IS NOT NULL THEN
        PERFORM report_quiz_refresh(u, q);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER report_quiz_ins AFTER INSERT ON quiz_attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_quiz_changed();
CREATE TRIGGER report_quiz_upd AFTER UPDATE ON quiz_attempts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_quiz_changed();
CREATE TRIGGER report_quiz_del AFTER DELETE ON quiz_attempts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_quiz_changed();

-- A person's figures follow their account. Head counts move with every
-- change of unit, rank or state; the unit sums move (out of the old unit,
-- into the new) when the unit changes or the person is disabled or enabled.
-- +goose StatementBegin
CREATE FUNCTION report_rehome(uid bigint, unit bigint, sign int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_add_enroll_units(ARRAY(
        SELECT ROW(unit, e.user_id, e.course_id, e.year, e.due_at, e.state, e.enrolled_at, e.completed_at, sign)::report_enroll_delta
        FROM enrollments e WHERE e.user_id = uid));
    PERFORM report_add_credit(ARRAY(
        SELECT ROW(unit, l.user_id, l.course_id, l.year, sign * l.hours, 0, 0, 0)::report_credit_delta
        FROM credit_ledger l WHERE l.user_id = uid
        UNION ALL
        SELECT ROW(unit, b.user_id, b.course_id, b.year, 0, sign, sign * b.score, sign * b.passed::int)::report_credit_delta
        FROM report_quiz_best b WHERE b.user_id = uid), false);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_users_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_unit_rank AS t (unit_id, rank, people)
    SELECT unit_id, rank, count(*) FROM new_rows WHERE NOT disabled GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (unit_id, rank) DO UPDATE SET people = t.people + excluded.people;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_users_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_unit_rank AS t (unit_id, rank, people)
    SELECT unit_id, rank, -count(*) FROM old_rows WHERE NOT disabled GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (unit_id, rank) DO UPDATE SET people = t.people + excluded.people;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION report_users_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT o.id, o.unit_id AS o_unit, o.rank AS o_rank, o.disabled AS o_disabled, n.unit_id, n.rank, n.disabled
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.unit_id, o.rank, o.disabled) IS DISTINCT FROM (n.unit_id, n.rank, n.disabled)
        ORDER BY o.id
    LOOP
        INSERT INTO report_unit_rank AS t (unit_id, rank, people)
        SELECT v.unit_id, v.rank, sum(v.people)
        FROM (VALUES (c.o_unit, c.o_rank, CASE WHEN c.o_disabled THEN 0 ELSE -1 END),
                     (c.unit_id, c.rank, CASE WHEN c.disabled THEN 0 ELSE 1 END)) v (unit_id, rank, people)
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (unit_id, rank) DO UPDATE SET people = t.people + excluded.people;
        UPDATE report_person_year SET unit_id = c.unit_id, rank = c.rank, active = NOT c.disabled
        WHERE user_id = c.id;
        IF (c.o_unit, c.o_disabled) IS DISTINCT FROM (c.unit_id, c.disabled) THEN
            IF NOT c.o_disabled THEN
                PERFORM report_rehome(c.id, c.o_unit, -1);
            END IF;
            IF NOT c.disabled THEN
                PERFORM report_rehome(c.id, c.unit_id, 1);
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER report_users_ins AFTER INSERT ON users
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_users_inserted();
CREATE TRIGGER report_users_upd AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_users_updated();
CREATE TRIGGER report_users_del AFTER DELETE ON users
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_users_deleted();

-- For the people list's "overdue" filter and the export's overdue counts:
-- the open enrollments of a year, by person, without reading the others.
CREATE INDEX report_enrollments_open ON enrollments (year, user_id) INCLUDE (due_at) WHERE state <> 'completed';

-- The sums of what is already recorded.
INSERT INTO report_unit_rank SELECT * FROM report_expected_unit_rank;
INSERT INTO report_quiz_best SELECT * FROM report_expected_quiz_best;
INSERT INTO report_person_year SELECT * FROM report_expected_person_year;
INSERT INTO report_unit_course SELECT * FROM report_expected_unit_course;
INSERT INTO report_unit_due SELECT * FROM report_expected_unit_due;
INSERT INTO report_unit_course_credit SELECT * FROM report_expected_unit_course_credit;
INSERT INTO report_unit_month SELECT * FROM report_expected_unit_month;

-- +goose Down
DROP INDEX report_enrollments_open;
DROP TRIGGER report_users_ins ON users;
DROP TRIGGER report_users_upd ON users;
DROP TRIGGER report_users_del ON users;
DROP TRIGGER report_quiz_ins ON quiz_attempts;
DROP TRIGGER report_quiz_upd ON quiz_attempts;
DROP TRIGGER report_quiz_del ON quiz_attempts;
DROP TRIGGER report_ledger_ins ON credit_ledger;
DROP TRIGGER report_ledger_upd ON credit_ledger;
DROP TRIGGER report_ledger_del ON credit_ledger;
DROP TRIGGER report_enroll_ins ON enrollments;
DROP TRIGGER report_enroll_upd ON enrollments;
DROP TRIGGER report_enroll_del ON enrollments;
DROP FUNCTION report_users_updated();
DROP FUNCTION report_users_deleted();
DROP FUNCTION report_users_inserted();
DROP FUNCTION report_rehome(bigint, bigint, int);
DROP FUNCTION report_quiz_changed();
DROP FUNCTION report_quiz_refresh(bigint[], bigint[]);
DROP FUNCTION report_ledger_changed();
DROP FUNCTION report_ledger_apply(report_credit_delta[]);
DROP FUNCTION report_enroll_updated();
DROP FUNCTION report_enroll_deleted();
DROP FUNCTION report_enroll_inserted();
DROP FUNCTION report_enroll_apply(report_enroll_delta[]);
DROP FUNCTION report_add_credit(report_credit_delta[], boolean);
DROP FUNCTION report_add_enroll_people(report_enroll_delta[]);
DROP FUNCTION report_add_enroll_units(report_enroll_delta[]);
DROP FUNCTION report_units(bigint[]);
DROP TYPE report_credit_delta;
DROP TYPE report_enroll_delta;
DROP VIEW report_expected_unit_month;
DROP VIEW report_expected_unit_course_credit;
DROP VIEW report_expected_unit_due;
DROP VIEW report_expected_unit_course;
DROP VIEW report_expected_person_year;
DROP VIEW report_expected_quiz_best;
DROP VIEW report_expected_unit_rank;
DROP TABLE report_quiz_best;
DROP TABLE report_unit_month;
DROP TABLE report_unit_course_credit;
DROP TABLE report_unit_due;
DROP TABLE report_unit_course;
DROP TABLE report_person_year;
DROP TABLE report_unit_rank;
DROP FUNCTION report_month(timestamptz);
DROP FUNCTION report_year(timestamptz);
DROP VIEW quiz_attempt_facts;
DROP VIEW org_member_names;
