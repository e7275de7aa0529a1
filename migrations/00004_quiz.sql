-- +goose Up
-- Question banks belong to a course (course_id) or are shared within the
-- subtree of a unit (unit_path, an ltree of "u<id>" labels).
CREATE TABLE quiz_banks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    course_id   bigint,
    unit_path   ltree,
    created_by  bigint NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (course_id IS NOT NULL OR unit_path IS NOT NULL)
);
CREATE INDEX quiz_banks_course ON quiz_banks (course_id);
CREATE INDEX quiz_banks_path ON quiz_banks USING gist (unit_path);

-- body holds what the author wrote and the answer key: options with their
-- weights, accepted blanks, numeric ranges. It never leaves the server
-- before an attempt is submitted.
CREATE TABLE quiz_questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_id         bigint NOT NULL REFERENCES quiz_banks (id) ON DELETE CASCADE,
    type            text NOT NULL CHECK (type IN ('single', 'multiple', 'truefalse', 'fill', 'numeric', 'short')),
    title           text NOT NULL DEFAULT '',
    stem            text NOT NULL,
    body            jsonb NOT NULL,
    explanation     text NOT NULL DEFAULT '',
    difficulty      smallint NOT NULL DEFAULT 3 CHECK (difficulty BETWEEN 1 AND 5),
    tags            text[] NOT NULL DEFAULT '{}',
    knowledge_point text NOT NULL DEFAULT '',
    position        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Deleting keeps the row: past attempts still grade and show it.
    deleted_at      timestamptz
);
CREATE INDEX quiz_questions_bank ON quiz_questions (bank_id, position, id) WHERE deleted_at IS NULL;
CREATE INDEX quiz_questions_tags ON quiz_questions USING gin (tags);

-- A quiz is fixed questions (quiz_items) or draw rules (quiz_rules). mode
-- 'daily' is the daily practice: one attempt per learner per day.
CREATE TABLE quizzes (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       text NOT NULL DEFAULT '',
    course_id         bigint,
    unit_path         ltree,
    mode              text NOT NULL DEFAULT 'fixed' CHECK (mode IN ('fixed', 'draw', 'daily')),
    required          boolean NOT NULL DEFAULT false,
    time_limit_s      integer NOT NULL DEFAULT 0 CHECK (time_limit_s >= 0),
    max_attempts      integer NOT NULL DEFAULT 0 CHECK (max_attempts >= 0),
    pass_mark         numeric(5,2) NOT NULL DEFAULT 60 CHECK (pass_mark BETWEEN 0 AND 100),
    shuffle_questions boolean NOT NULL DEFAULT false,
    shuffle_options   boolean NOT NULL DEFAULT false,
    partial_credit    boolean NOT NULL DEFAULT false,
    show_answers      text NOT NULL DEFAULT 'after_submit' CHECK (show_answers IN ('never', 'after_submit', 'after_due')),
    due_at            timestamptz,
    created_by        bigint NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (course_id IS NOT NULL OR unit_path IS NOT NULL)
);
CREATE INDEX quizzes_course ON quizzes (course_id);
CREATE INDEX quizzes_path ON quizzes USING gist (unit_path);

CREATE TABLE quiz_items (
    quiz_id     bigint NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    question_id bigint NOT NULL REFERENCES quiz_questions (id),
    points      numeric(6,2) NOT NULL DEFAULT 1 CHECK (points > 0),
    PRIMARY KEY (quiz_id, position)
);

CREATE TABLE quiz_rules (
    quiz_id    bigint NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    bank_id    bigint NOT NULL REFERENCES quiz_banks (id),
    tag        text NOT NULL DEFAULT '',
    difficulty smallint NOT NULL DEFAULT 0,
    count      integer NOT NULL CHECK (count > 0),
    points     numeric(6,2) NOT NULL DEFAULT 1 CHECK (points > 0),
    PRIMARY KEY (quiz_id, position)
);

-- paper is what starting fixed: [{"q": question id, "p": points,
-- "o": option order}]; question_ids repeats the ids for a cheap membership
-- check on every autosave.
CREATE TABLE quiz_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quiz_id      bigint NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id),
    number       integer NOT NULL,
    day          date,
    paper        jsonb NOT NULL,
    question_ids bigint[] NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    deadline     timestamptz,
    submitted_at timestamptz,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'graded')),
    score        numeric(8,2),
    max_score    numeric(8,2) NOT NULL,
    percent      numeric(5,2),
    passed       boolean,
    UNIQUE (quiz_id, user_id, number)
);
CREATE UNIQUE INDEX quiz_attempts_daily ON quiz_attempts (quiz_id, user_id, day) WHERE day IS NOT NULL;
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, quiz_id);
CREATE INDEX quiz_attempts_quiz ON quiz_attempts (quiz_id, submitted_at);

-- One saved answer per question of an attempt. Grading writes a row for
-- every question of the paper, answered or not, with its points and score
-- (a trainer sets the score of a short answer).
CREATE TABLE quiz_answers (
    attempt_id  bigint NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
    question_id bigint NOT NULL,
    response    jsonb NOT NULL DEFAULT '{}',
    flagged     boolean NOT NULL DEFAULT false,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    points      numeric(6,2),
    score       numeric(6,2),
    graded_by   bigint REFERENCES users (id),
    PRIMARY KEY (attempt_id, question_id)
);

-- +goose Down
DROP TABLE quiz_answers;
DROP TABLE quiz_attempts;
DROP TABLE quiz_rules;
DROP TABLE quiz_items;
DROP TABLE quizzes;
DROP TABLE quiz_questions;
DROP TABLE quiz_banks;
