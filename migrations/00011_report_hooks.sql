-- +goose Up

-- The report's sums no longer follow other features' tables by triggers:
-- course, quiz and org call the report (report/hooks.go) inside the
-- transaction of each change, through interfaces they declare. What stays
-- here is the report's own arithmetic on its own tables.
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
DROP FUNCTION report_ledger_changed();
DROP FUNCTION report_ledger_apply(report_credit_delta[]);
DROP FUNCTION report_enroll_updated();
DROP FUNCTION report_enroll_deleted();
DROP FUNCTION report_enroll_inserted();
DROP FUNCTION report_enroll_apply(report_enroll_delta[]);

-- The unit each person counts under (NULL when disabled), from org's
-- published org_members instead of its users table. The caller holds the
-- people's account locks (org.LockAccounts), which order it with a move.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION report_units(ids bigint[]) RETURNS TABLE (user_id bigint, unit_id bigint)
LANGUAGE sql AS $$
    SELECT m.user_id, CASE WHEN m.disabled THEN NULL ELSE m.unit_id END
    FROM org_members m WHERE m.user_id = ANY (ids)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION report_add_enroll_people(d report_enroll_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_person_year AS t (user_id, year, unit_id, rank, active, enrolled, not_started, in_progress, completed)
    SELECT x.user_id, x.year, min(m.unit_id), min(m.rank), bool_and(NOT m.disabled), sum(x.sign),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'not_started'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'in_progress'), 0),
           coalesce(sum(x.sign) FILTER (WHERE x.state = 'completed'), 0)
    FROM unnest(d) x JOIN org_members m ON m.user_id = x.user_id
    GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT (year, user_id) DO UPDATE SET
        enrolled = t.enrolled + excluded.enrolled, not_started = t.not_started + excluded.not_started,
        in_progress = t.in_progress + excluded.in_progress, completed = t.completed + excluded.completed;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION report_add_credit(d report_credit_delta[], people boolean) RETURNS void
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
    SELECT x.user_id, x.year, min(m.unit_id), min(m.rank), bool_and(NOT m.disabled),
           sum(x.hours), sum(x.quiz_taken), sum(x.quiz_score), sum(x.quiz_passed)
    FROM unnest(d) x JOIN org_members m ON m.user_id = x.user_id
    GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT (year, user_id) DO UPDATE SET
        hours = t.hours + excluded.hours, quiz_taken = t.quiz_taken + excluded.quiz_taken,
        quiz_score = t.quiz_score + excluded.quiz_score, quiz_passed = t.quiz_passed + excluded.quiz_passed;
END $$;
-- +goose StatementEnd

-- +goose Down
-- Not reversible on its own: version 10 without the triggers would let the
-- sums drift silently. Go below 00006 instead (its Down drops the rest).
-- +goose StatementBegin
DO $$ BEGIN
    RAISE EXCEPTION '00011_report_hooks cannot be undone alone; migrate down past 00006';
END $$;
-- +goose StatementEnd
