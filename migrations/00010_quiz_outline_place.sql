-- +goose Up

-- quiz: a course's quiz has a place in the course's outline, after one of
-- its lessons (NULL: after the last), chosen by the trainer in the editor.
-- The lesson is the course feature's: no foreign key, a lesson that is gone
-- puts the quiz at the end.
ALTER TABLE quizzes ADD COLUMN after_lesson_id bigint;

-- +goose Down
ALTER TABLE quizzes DROP COLUMN after_lesson_id;
