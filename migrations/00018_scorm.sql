-- +goose Up

-- scorm: SCORM 1.2 / 2004 packages as lessons. A package's files live in
-- the object store under its prefix; its organisation is the SCO outline;
-- each learner has one runtime record per SCO.
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check,
    ADD CONSTRAINT lessons_kind_check CHECK (kind IN ('video', 'document', 'article', 'scorm'));

CREATE TABLE scorm_packages (
    lesson_id   bigint PRIMARY KEY REFERENCES lessons (id) ON DELETE CASCADE,
    version     text NOT NULL CHECK (version IN ('1.2', '2004')),
    edition     text NOT NULL DEFAULT '',
    title       text NOT NULL,
    prefix      text NOT NULL,
    size        bigint NOT NULL,
    file_count  int NOT NULL,
    rule        text NOT NULL DEFAULT 'completed' CHECK (rule IN ('completed', 'passed')),
    choice      boolean NOT NULL DEFAULT true,
    flow        boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The organisation's items in document order; a cluster has no href.
CREATE TABLE scorm_items (
    id            bigserial PRIMARY KEY,
    lesson_id     bigint NOT NULL REFERENCES scorm_packages (lesson_id) ON DELETE CASCADE,
    identifier    text NOT NULL,
    parent_id     bigint REFERENCES scorm_items (id) ON DELETE CASCADE,
    position      int NOT NULL,
    depth         int NOT NULL,
    title         text NOT NULL,
    href          text NOT NULL DEFAULT '',
    parameters    text NOT NULL DEFAULT '',
    launch_data   text NOT NULL DEFAULT '',
    mastery_score double precision,
    UNIQUE (lesson_id, identifier)
);

-- What a SCO reported, as it reported it: nothing here is credit on its own.
CREATE TABLE scorm_runtime (
    user_id       bigint NOT NULL,
    item_id       bigint NOT NULL REFERENCES scorm_items (id) ON DELETE CASCADE,
    lesson_id     bigint NOT NULL,
    course_id     bigint NOT NULL,
    data          jsonb NOT NULL DEFAULT '{}',
    suspend_data  text NOT NULL DEFAULT '',
    location      text NOT NULL DEFAULT '',
    completion    text NOT NULL DEFAULT 'not attempted',
    success       text NOT NULL DEFAULT 'unknown',
    score_raw     double precision,
    score_min     double precision,
    score_max     double precision,
    score_scaled  double precision,
    session_time  text NOT NULL DEFAULT '',
    total_seconds double precision NOT NULL DEFAULT 0,
    exit          text NOT NULL DEFAULT '',
    sessions      int NOT NULL DEFAULT 0,
    -- The page's session and the sequence number of the last commit
    -- applied: a request overtaken by a later one of its session is stale.
    page_session  text NOT NULL DEFAULT '',
    page_seq      bigint NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, item_id)
) WITH (fillfactor = 80);
CREATE INDEX scorm_runtime_lesson ON scorm_runtime (lesson_id, user_id);
CREATE INDEX scorm_runtime_course ON scorm_runtime (user_id, course_id);

-- scorm's published read model: the score each SCO reported, on 0–100
-- (scaled when reported, else raw within min and max, else raw). The
-- report reads it, never scorm_runtime.
CREATE VIEW scorm_score_facts AS
SELECT user_id, course_id, lesson_id, item_id,
       CASE WHEN score_scaled IS NOT NULL THEN score_scaled * 100
            WHEN score_max > coalesce(score_min, 0) THEN (score_raw - coalesce(score_min, 0)) / (score_max - coalesce(score_min, 0)) * 100
            ELSE score_raw END AS score
FROM scorm_runtime WHERE score_raw IS NOT NULL OR score_scaled IS NOT NULL;

-- +goose Down
DROP VIEW scorm_score_facts;
DROP TABLE scorm_runtime;
DROP TABLE scorm_items;
DROP TABLE scorm_packages;
DELETE FROM lessons WHERE kind = 'scorm';
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check,
    ADD CONSTRAINT lessons_kind_check CHECK (kind IN ('video', 'document', 'article'));
