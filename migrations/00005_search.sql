-- +goose Up
-- Problems met while indexing content that retrying will not cure (an
-- encrypted or scanned PDF, a DOCX zip bomb): one row per source entity,
-- shown to the trainers who can fix it, removed once it indexes cleanly.
CREATE TABLE search_problems (
    entity      text PRIMARY KEY CHECK (entity ~ '^[a-z][a-z0-9_]*:[0-9]+$'),
    course_id   bigint NOT NULL DEFAULT 0,
    lesson_id   bigint NOT NULL DEFAULT 0,
    owner_ids   bigint[] NOT NULL DEFAULT '{}',
    title       text NOT NULL DEFAULT '',
    reason      text NOT NULL,
    detail      text NOT NULL DEFAULT '',
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_problems_course ON search_problems (course_id);
CREATE INDEX search_problems_owners ON search_problems USING gin (owner_ids);

-- +goose Down
DROP TABLE search_problems;
