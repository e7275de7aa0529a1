-- +goose Up

-- org publishes this view as its read model for other features: who belongs
-- to which unit. Other packages read it, never org's tables.
CREATE VIEW org_members AS
SELECT u.id AS user_id, u.unit_id, un.path AS unit_path, u.rank, u.disabled
FROM users u JOIN units un ON un.id = u.unit_id;

CREATE TABLE courses (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary             text NOT NULL DEFAULT '',
    cover_key           text NOT NULL DEFAULT '',
    category            text NOT NULL DEFAULT '',
    tags                text[] NOT NULL DEFAULT '{}',
    hours               numeric(6, 2) NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 1000),
    state               text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
    open                boolean NOT NULL DEFAULT false,
    unit_path           ltree NOT NULL,
    max_rate            numeric(3, 2) NOT NULL DEFAULT 1.0 CHECK (max_rate BETWEEN 1.0 AND 2.0),
    complete_pct        numeric(5, 2) NOT NULL DEFAULT 95 CHECK (complete_pct BETWEEN 50 AND 100),
    presence_check      boolean NOT NULL DEFAULT false,
    forbid_skip         boolean NOT NULL DEFAULT true,
    created_by          bigint NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    published_at        timestamptz
);
CREATE INDEX courses_unit_path ON courses USING gist (unit_path);
CREATE INDEX courses_catalogue ON courses (state, open, id DESC);
CREATE INDEX courses_title_trgm ON courses USING gin (title gin_trgm_ops);

CREATE TABLE course_owners (
    course_id bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_owners_user ON course_owners (user_id);

CREATE TABLE chapters (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    position  int NOT NULL DEFAULT 0
);
CREATE INDEX chapters_course ON chapters (course_id, position);

CREATE TABLE lessons (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id      bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    chapter_id     bigint NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind           text NOT NULL CHECK (kind IN ('video', 'document', 'article')),
    position       int NOT NULL DEFAULT 0,
    required       boolean NOT NULL DEFAULT true,
    min_seconds    int NOT NULL DEFAULT 0 CHECK (min_seconds BETWEEN 0 AND 36000),
    media_asset_id bigint,
    duration       double precision NOT NULL DEFAULT 0,
    doc_key        text NOT NULL DEFAULT '',
    doc_name       text NOT NULL DEFAULT '',
    doc_type       text NOT NULL DEFAULT '',
    article_html   text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lessons_course ON lessons (course_id, position);
CREATE INDEX lessons_media ON lessons (media_asset_id) WHERE media_asset_id IS NOT NULL;

-- An assignment covers a unit's subtree (unit_path) and/or named users.
CREATE TABLE assignments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    unit_path  ltree,
    mandatory  boolean NOT NULL DEFAULT true,
    due_at     timestamptz NOT NULL,
    year       int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignments_unit_path ON assignments USING gist (unit_path);
CREATE TABLE assignment_users (
    assignment_id bigint NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL,
    PRIMARY KEY (assignment_id, user_id)
);

-- One enrollment per learner and course; what was completed stays completed
-- whatever later happens to the course or the learner's unit.
CREATE TABLE enrollments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL,
    course_id     bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    assignment_id bigint REFERENCES assignments (id) ON DELETE SET NULL,
    mandatory     boolean NOT NULL DEFAULT false,
    due_at        timestamptz,
    year          int NOT NULL,
    state         text NOT NULL DEFAULT 'not_started' CHECK (state IN ('not_started', 'in_progress', 'completed')),
    overdue       boolean NOT NULL DEFAULT false,
    enrolled_at   timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    completed_at  timestamptz,
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_course ON enrollments (course_id, state);
CREATE INDEX enrollments_due ON enrollments (due_at) WHERE state <> 'completed';

-- Study hours are credited here once per learner and course.
CREATE TABLE credit_ledger (
    user_id     bigint NOT NULL,
    course_id   bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    year        int NOT NULL,
    hours       numeric(6, 2) NOT NULL,
    credited_on date NOT NULL,
    credited_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX credit_ledger_user_year ON credit_ledger (user_id, year);

-- Study-hour requirements per unit subtree (and optionally one rank), per
-- cycle of cycle_years starting at start_year.
CREATE TABLE requirements (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_path   ltree NOT NULL,
    rank        text NOT NULL DEFAULT '',
    hours       numeric(7, 2) NOT NULL CHECK (hours > 0),
    cycle_years int NOT NULL DEFAULT 1 CHECK (cycle_years BETWEEN 1 AND 10),
    start_year  int NOT NULL,
    daily_cap   numeric(5, 2) CHECK (daily_cap > 0),
    UNIQUE (unit_path, rank)
);

-- Progress of one learner in one lesson. coverage is the union of the
-- seconds the server accepted as really played.
CREATE TABLE lesson_progress (
    user_id        bigint NOT NULL,
    lesson_id      bigint NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    course_id      bigint NOT NULL,
    coverage       jsonb NOT NULL DEFAULT '[]',
    covered        double precision NOT NULL DEFAULT 0,
    position       double precision NOT NULL DEFAULT 0,
    furthest       double precision NOT NULL DEFAULT 0,
    active_seconds double precision NOT NULL DEFAULT 0,
    playback_id    text NOT NULL DEFAULT '',
    last_seq       bigint NOT NULL DEFAULT 0,
    last_beat_at   timestamptz,
    check_id       text NOT NULL DEFAULT '',
    check_due_at   timestamptz,
    completed_at   timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, lesson_id)
) WITH (fillfactor = 80); -- room on the page for HOT updates: a row changes every ten seconds

-- The one playback per user that accrues time; a newer one takes over.
CREATE TABLE active_playback (
    user_id     bigint PRIMARY KEY,
    playback_id text NOT NULL,
    lesson_id   bigint NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL,
    kind       text NOT NULL,
    ref_id     bigint NOT NULL DEFAULT 0,
    title      text NOT NULL,
    link       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    UNIQUE (user_id, kind, ref_id)
);
CREATE INDEX notifications_unread ON notifications (user_id, id DESC) WHERE read_at IS NULL;

-- Read models published for reports: other packages read these views,
-- never the tables behind them.
CREATE VIEW org_unit_tree AS
SELECT id, parent_id, name, kind, path FROM units;

CREATE VIEW course_enrollment_facts AS
SELECT e.user_id, e.course_id, c.title AS course_title, c.category, c.hours AS course_hours,
       e.mandatory, e.due_at, e.year, e.state, e.state <> 'completed' AND e.due_at < now() AS overdue,
       e.enrolled_at, e.started_at, e.completed_at, l.hours AS credited_hours
FROM enrollments e
JOIN courses c ON c.id = e.course_id
LEFT JOIN credit_ledger l ON l.user_id = e.user_id AND l.course_id = e.course_id;

CREATE VIEW course_requirements AS
SELECT id, unit_path, rank, hours, cycle_years, start_year, daily_cap FROM requirements;

-- +goose Down
DROP VIEW course_requirements;
DROP VIEW course_enrollment_facts;
DROP VIEW org_unit_tree;
DROP TABLE notifications;
DROP TABLE active_playback;
DROP TABLE lesson_progress;
DROP TABLE requirements;
DROP TABLE credit_ledger;
DROP TABLE enrollments;
DROP TABLE assignment_users;
DROP TABLE assignments;
DROP TABLE lessons;
DROP TABLE chapters;
DROP TABLE course_owners;
DROP TABLE courses;
DROP VIEW org_members;
