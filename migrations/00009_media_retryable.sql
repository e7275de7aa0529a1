-- +goose Up
-- Whether a failed lecture is worth a retry: true when the last attempt
-- met a fault of the store or the database, false when the file itself
-- was refused (a PNG, a truncated file), which no retry can change.
ALTER TABLE media_assets ADD COLUMN retryable boolean NOT NULL DEFAULT false;
UPDATE media_assets SET retryable = true
    WHERE state = 'failed' AND error LIKE '处理时多次遇到存储或数据库的临时故障%';

-- +goose Down
ALTER TABLE media_assets DROP COLUMN retryable;
