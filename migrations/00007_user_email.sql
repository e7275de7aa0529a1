-- +goose Up

-- org: an account's email address, optional ('' = none), for reminders.
ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';

-- org's published read model of how to reach a person: course reads it,
-- never the users table, to email reminders. Disabled accounts cannot log
-- in to act on a reminder, so they are not contacted.
CREATE VIEW org_member_contacts AS
SELECT id AS user_id, display_name, email FROM users WHERE NOT disabled;

-- course: when a notification went out by email (NULL: not yet), and how
-- many times a mail server refused it for good, so that an address the
-- server rejects is tried a few times, not forever.
ALTER TABLE notifications ADD COLUMN emailed_at timestamptz;
ALTER TABLE notifications ADD COLUMN email_tries smallint NOT NULL DEFAULT 0;
CREATE INDEX notifications_unemailed ON notifications (created_at) WHERE emailed_at IS NULL;

-- +goose Down
DROP INDEX notifications_unemailed;
ALTER TABLE notifications DROP COLUMN email_tries;
ALTER TABLE notifications DROP COLUMN emailed_at;
DROP VIEW org_member_contacts;
ALTER TABLE users DROP COLUMN email;
