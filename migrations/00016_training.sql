-- +goose Up
-- The ledger (course's table) learns entries that are not an online
-- course: a finished training class, an approved offline claim. They carry
-- a kind and the id of what earned them instead of a course; each is
-- credited once per person (the partial unique index), as a course is.
ALTER TABLE credit_ledger ADD COLUMN kind text NOT NULL DEFAULT 'course';
ALTER TABLE credit_ledger ADD COLUMN ref_id bigint NOT NULL DEFAULT 0;
ALTER TABLE credit_ledger ADD COLUMN title text NOT NULL DEFAULT '';
ALTER TABLE credit_ledger DROP CONSTRAINT credit_ledger_pkey;
ALTER TABLE credit_ledger ALTER COLUMN course_id DROP NOT NULL;
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_user_course UNIQUE (user_id, course_id);
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_kind_ref CHECK ((kind = 'course') = (course_id IS NOT NULL));
CREATE UNIQUE INDEX credit_ledger_other ON credit_ledger (user_id, kind, ref_id) WHERE course_id IS NULL;

-- 专题班. unit_path is the subtree the class is run for: its committee
-- and admins manage it, its members may apply.
CREATE TABLE training_classes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id        bigint NOT NULL,
    unit_path      ltree NOT NULL,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind           text NOT NULL,
    level          text NOT NULL DEFAULT '',
    organiser      text NOT NULL DEFAULT '',
    starts_on      date NOT NULL,
    ends_on        date NOT NULL CHECK (ends_on >= starts_on),
    plan           text NOT NULL DEFAULT '',
    capacity       int NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    hours          numeric(6, 2) NOT NULL DEFAULT 0 CHECK (hours >= 0),
    open_apply     boolean NOT NULL DEFAULT false,
    quiz_id        bigint,
    min_attendance int NOT NULL DEFAULT 0 CHECK (min_attendance BETWEEN 0 AND 100),
    state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    closed_at      timestamptz,
    created_by     bigint NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_classes_path ON training_classes USING gist (unit_path);

CREATE TABLE training_teachers (
    class_id bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX training_teachers_user ON training_teachers (user_id);

-- Assigned subtrees (optionally one rank): whoever is in them when the
-- roster is read is a member, so people who join a unit later are in.
CREATE TABLE training_assign_units (
    class_id  bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    unit_path ltree NOT NULL,
    rank      text NOT NULL DEFAULT '',
    PRIMARY KEY (class_id, unit_path, rank)
);

-- People named, imported or who applied. Only 'in' counts as a member;
-- 'waiting' is the waiting list in order of applied_at.
CREATE TABLE training_members (
    class_id   bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL,
    source     text NOT NULL CHECK (source IN ('named', 'import', 'apply')),
    status     text NOT NULL CHECK (status IN ('applied', 'in', 'rejected', 'waiting')),
    reason     text NOT NULL DEFAULT '',
    applied_at timestamptz NOT NULL DEFAULT now(),
    decided_by bigint,
    decided_at timestamptz,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX training_members_user ON training_members (user_id);

CREATE TABLE training_courses (
    class_id  bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    course_id bigint NOT NULL,
    title     text NOT NULL,
    hours     numeric(6, 2) NOT NULL DEFAULT 0,
    required  boolean NOT NULL DEFAULT true,
    PRIMARY KEY (class_id, course_id)
);

CREATE TABLE training_sessions (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    class_id  bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('lecture', 'discussion', 'visit')),
    title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    place     text NOT NULL DEFAULT '',
    hours     numeric(6, 2) NOT NULL DEFAULT 0 CHECK (hours >= 0)
);
CREATE INDEX training_sessions_class ON training_sessions (class_id, starts_at);

CREATE TABLE training_checkins (
    session_id bigint NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    late       boolean NOT NULL DEFAULT false,
    marked_by  bigint,
    PRIMARY KEY (session_id, user_id)
);

-- 结业 or 未结业 of each member, decided when the class closes; a head
-- teacher's correction keeps who and why.
CREATE TABLE training_results (
    class_id     bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL,
    completed    boolean NOT NULL,
    reason       text NOT NULL DEFAULT '',
    attendance   int NOT NULL DEFAULT 0,
    score        numeric(6, 2),
    hours        numeric(6, 2) NOT NULL DEFAULT 0,
    corrected_by bigint,
    correction   text NOT NULL DEFAULT '',
    decided_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (class_id, user_id)
);

-- 结业证书. serial is 20 random bytes in base32: unguessable, printed.
CREATE TABLE certificates (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial      text NOT NULL UNIQUE,
    class_id    bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL,
    holder      text NOT NULL,
    class_name  text NOT NULL,
    organiser   text NOT NULL,
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    hours       numeric(6, 2) NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    revoked_why text NOT NULL DEFAULT '',
    UNIQUE (class_id, user_id)
);
CREATE INDEX certificates_user ON certificates (user_id);

-- Caps on offline 学时 per kind: per session, per day, or per item.
CREATE TABLE credit_claim_rules (
    kind  text PRIMARY KEY,
    label text NOT NULL,
    per   text NOT NULL CHECK (per IN ('session', 'day', 'item')),
    cap   numeric(6, 2) NOT NULL CHECK (cap > 0)
);
INSERT INTO credit_claim_rules (kind, label, per, cap) VALUES
    ('group_study', '中心组学习', 'session', 3),
    ('party_school', '党校脱产培训', 'day', 6),
    ('unit_training', '单位组织培训', 'day', 6),
    ('external_course', '外部课程', 'item', 20),
    ('article', '发表文章', 'item', 5);

CREATE TABLE credit_claims (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL,
    unit_path   ltree NOT NULL,
    kind        text NOT NULL REFERENCES credit_claim_rules (kind),
    title       text NOT NULL,
    organiser   text NOT NULL,
    starts_on   date NOT NULL,
    ends_on     date NOT NULL CHECK (ends_on >= starts_on),
    sessions    int NOT NULL DEFAULT 1 CHECK (sessions >= 1),
    hours       numeric(6, 2) NOT NULL CHECK (hours > 0),
    granted     numeric(6, 2),
    state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    reason      text NOT NULL DEFAULT '',
    decided_by  bigint,
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_claims_user ON credit_claims (user_id);
CREATE INDEX credit_claims_path ON credit_claims USING gist (unit_path) WHERE state = 'pending';

CREATE TABLE credit_claim_files (
    claim_id   bigint NOT NULL REFERENCES credit_claims (id) ON DELETE CASCADE,
    object_key text NOT NULL,
    filename   text NOT NULL,
    size       bigint NOT NULL,
    PRIMARY KEY (claim_id, object_key)
);

-- +goose Down
DROP TABLE credit_claim_files;
DROP TABLE credit_claims;
DROP TABLE credit_claim_rules;
DROP TABLE certificates;
DROP TABLE training_results;
DROP TABLE training_checkins;
DROP TABLE training_sessions;
DROP TABLE training_courses;
DROP TABLE training_members;
DROP TABLE training_assign_units;
DROP TABLE training_teachers;
DROP TABLE training_classes;
DELETE FROM credit_ledger WHERE course_id IS NULL;
DROP INDEX credit_ledger_other;
ALTER TABLE credit_ledger DROP CONSTRAINT credit_ledger_kind_ref;
ALTER TABLE credit_ledger DROP CONSTRAINT credit_ledger_user_course;
ALTER TABLE credit_ledger ALTER COLUMN course_id SET NOT NULL;
ALTER TABLE credit_ledger ADD PRIMARY KEY (user_id, course_id);
ALTER TABLE credit_ledger DROP COLUMN title;
ALTER TABLE credit_ledger DROP COLUMN ref_id;
ALTER TABLE credit_ledger DROP COLUMN kind;
