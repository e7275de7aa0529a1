-- +goose Up

-- quiz: matching questions (配对题); their pairs live in body like every
-- other answer key.
ALTER TABLE quiz_questions DROP CONSTRAINT quiz_questions_type_check,
    ADD CONSTRAINT quiz_questions_type_check
    CHECK (type IN ('single', 'multiple', 'truefalse', 'fill', 'numeric', 'short', 'match'));

-- quiz: every import that wrote to a bank, with the problems it reported
-- (line and message) when the trainer chose to import the rest and skip
-- the questions that failed.
CREATE TABLE quiz_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_id     bigint NOT NULL REFERENCES quiz_banks (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id),
    file_name   text NOT NULL DEFAULT '',
    format      text NOT NULL,
    read        integer NOT NULL,
    imported    integer NOT NULL,
    skipped     integer NOT NULL,
    problems    jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_imports_bank ON quiz_imports (bank_id, id DESC);

-- +goose Down
DROP TABLE quiz_imports;
DELETE FROM quiz_questions WHERE type = 'match';
ALTER TABLE quiz_questions DROP CONSTRAINT quiz_questions_type_check,
    ADD CONSTRAINT quiz_questions_type_check
    CHECK (type IN ('single', 'multiple', 'truefalse', 'fill', 'numeric', 'short'));
