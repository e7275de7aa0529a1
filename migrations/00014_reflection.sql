-- +goose Up

-- reflection (心得体会): a trainer may require a written reflection for a
-- course. The course is the course feature's: no foreign key, the rule and
-- the reflections of a course that is gone stay for the record.
CREATE TABLE reflection_rules (
    course_id  bigint PRIMARY KEY,
    min_chars  integer NOT NULL CHECK (min_chars BETWEEN 1 AND 20000),
    prompt     text NOT NULL DEFAULT '',
    set_by     bigint NOT NULL REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One reflection per learner and course, written (autosaved) as a draft,
-- submitted, returned for changes or approved. unit_path and author_name
-- are the author's unit and name when last saved: the branch committee
-- that may review it and the unit it counts for in the figures.
-- overlap is the largest share of the text found in one other source at
-- submission; match_kind/match_ref name that source.
CREATE TABLE reflections (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id    bigint NOT NULL,
    user_id      bigint NOT NULL REFERENCES users (id),
    unit_path    ltree NOT NULL,
    author_name  text NOT NULL DEFAULT '',
    body         text NOT NULL DEFAULT '',
    state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
    share_ok     boolean NOT NULL DEFAULT false,
    shared       boolean NOT NULL DEFAULT false,
    grade        text NOT NULL DEFAULT '' CHECK (grade IN ('', '优秀', '良好', '合格', '不合格')),
    comment      text NOT NULL DEFAULT '',
    overlap      real NOT NULL DEFAULT 0,
    flagged      boolean NOT NULL DEFAULT false,
    match_kind   text NOT NULL DEFAULT '' CHECK (match_kind IN ('', 'reflection', 'material')),
    match_ref    bigint NOT NULL DEFAULT 0,
    saved_at     timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    reviewed_at  timestamptz,
    reviewed_by  bigint NOT NULL DEFAULT 0, -- 0: the system
    UNIQUE (user_id, course_id)
);
CREATE INDEX reflections_course ON reflections (course_id, state);
CREATE INDEX reflections_unit ON reflections USING gist (unit_path);

-- The distinct 5-character shingle hashes of each submitted text, so the
-- copy check of a new submission is one index lookup per shingle instead
-- of re-reading every other text of the course.
CREATE TABLE reflection_shingles (
    course_id     bigint NOT NULL,
    hash          integer NOT NULL,
    reflection_id bigint NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, hash, reflection_id)
);
CREATE INDEX reflection_shingles_owner ON reflection_shingles (reflection_id);

-- The thread of a reflection: submissions, returns with their comment,
-- approvals with their grade, sharing.
CREATE TABLE reflection_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reflection_id bigint NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
    actor_id      bigint NOT NULL, -- 0: the system
    action        text NOT NULL CHECK (action IN ('submit', 'return', 'approve', 'share')),
    comment       text NOT NULL DEFAULT '',
    grade         text NOT NULL DEFAULT '',
    overlap       real NOT NULL DEFAULT 0,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reflection_events_of ON reflection_events (reflection_id, id);

-- +goose Down
DROP TABLE reflection_events;
DROP TABLE reflection_shingles;
DROP TABLE reflections;
DROP TABLE reflection_rules;
