-- +goose Up
-- 意见建议 · 问题反映: members' messages to their Party organisation.
--
-- Anonymity is kept by the shape of the tables. A message row carries its
-- author only when the author chose to be named (author_id); the link
-- from an account to its own messages lives in feedback_authors, keyed by
-- an HMAC of the account id under the server's secret, so no query a
-- handler's request runs can reach it. Message ids are random (no serial
-- to line up with other actions) and the author's moments are kept to the
-- day: an exact time could be matched with sign-in records.
CREATE TABLE feedback_messages (
    id                text PRIMARY KEY,
    unit_id           bigint NOT NULL,
    category          text NOT NULL CHECK (category IN ('opinion', 'problem', 'help', 'other')),
    body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    anonymous         boolean NOT NULL,
    author_id         bigint,
    state             text NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'accepted', 'answered', 'closed', 'rejected')),
    submitted_on      date NOT NULL,
    accept_due        date NOT NULL,
    answer_due        date NOT NULL,
    answered_on       date,
    -- escalation: 0 none, 1 not accepted in time, 2 not answered in time.
    escalation        smallint NOT NULL DEFAULT 0 CHECK (escalation BETWEEN 0 AND 2),
    escalated_unit_id bigint,
    rating            text CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
    CHECK (anonymous = (author_id IS NULL))
);
CREATE INDEX feedback_messages_unit ON feedback_messages (unit_id, submitted_on DESC);
CREATE INDEX feedback_messages_open ON feedback_messages (state) WHERE state IN ('pending', 'accepted');

-- author_box is the account id sealed under the server's secret, so the
-- author can be notified; ref is the author's own name for the message in
-- their links, never the id handlers see.
CREATE TABLE feedback_authors (
    ref        text PRIMARY KEY,
    message_id text NOT NULL UNIQUE REFERENCES feedback_messages (id) ON DELETE CASCADE,
    author_key bytea NOT NULL,
    author_box bytea NOT NULL
);
CREATE INDEX feedback_authors_key ON feedback_authors (author_key);

-- The thread: every change of state and every reply. by_author entries
-- keep only their day (at is NULL); handlers' entries keep their moment.
CREATE TABLE feedback_entries (
    message_id text NOT NULL REFERENCES feedback_messages (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('note', 'accept', 'reject', 'reply', 'close', 'escalate', 'rate', 'publish')),
    by_author  boolean NOT NULL DEFAULT false,
    actor_id   bigint,
    body       text NOT NULL DEFAULT '',
    day        date NOT NULL,
    at         timestamptz,
    PRIMARY KEY (message_id, seq)
);

CREATE TABLE feedback_files (
    message_id   text NOT NULL REFERENCES feedback_messages (id) ON DELETE CASCADE,
    n            smallint NOT NULL CHECK (n BETWEEN 1 AND 5),
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    object_key   text NOT NULL,
    PRIMARY KEY (message_id, n)
);

-- 公开答复: a question restated by the handler, without the author, and
-- its answer, shown to the members of the unit's subtree.
CREATE TABLE feedback_public (
    id           text PRIMARY KEY,
    message_id   text NOT NULL UNIQUE REFERENCES feedback_messages (id) ON DELETE CASCADE,
    unit_id      bigint NOT NULL,
    question     text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    answer       text NOT NULL CHECK (length(answer) BETWEEN 1 AND 5000),
    published_by bigint NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_public_unit ON feedback_public (unit_id, published_at DESC);

-- Per-unit deadlines in working days; a unit without a row takes its
-- nearest ancestor's, then 3 and 10.
CREATE TABLE feedback_settings (
    unit_id     bigint PRIMARY KEY,
    accept_days integer NOT NULL CHECK (accept_days BETWEEN 1 AND 30),
    answer_days integer NOT NULL CHECK (answer_days BETWEEN 1 AND 60),
    CHECK (answer_days >= accept_days)
);

-- +goose Down
DROP TABLE feedback_settings;
DROP TABLE feedback_public;
DROP TABLE feedback_files;
DROP TABLE feedback_entries;
DROP TABLE feedback_authors;
DROP TABLE feedback_messages;
