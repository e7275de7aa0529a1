-- +goose Up
-- A class's plan may come with files (the 培训方案 as a PDF, a timetable,
-- pictures of the venue), stored in the object store under their key.
CREATE TABLE training_plan_files (
    id         bigserial PRIMARY KEY,
    class_id   bigint NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    filename   text NOT NULL,
    kind       text NOT NULL,
    size       bigint NOT NULL,
    object_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_plan_files_class ON training_plan_files (class_id, id);

-- +goose Down
DROP TABLE training_plan_files;
