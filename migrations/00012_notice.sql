-- +goose Up
-- 通知公告. A notice is addressed to the subtree of scope_unit_id (a unit
-- of the publisher's scope), narrowed to the subtrees of unit_ids and to
-- the holders of roles when those are not empty. Units are kept by id, so
-- a unit moved in the tree takes its notices along. The audience is decided when
-- it is read, never stored: publishing to 200,000 people writes one row,
-- and "not read" is the audience minus notice_reads.
CREATE TABLE notices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body_html    text NOT NULL DEFAULT '',
    scope_unit_id bigint NOT NULL REFERENCES units (id),
    unit_ids     bigint[] NOT NULL DEFAULT '{}',
    roles        text[] NOT NULL DEFAULT '{}',
    pinned       boolean NOT NULL DEFAULT false,
    must_read    boolean NOT NULL DEFAULT false,
    expires_at   timestamptz,
    state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'withdrawn')),
    created_by   bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    withdrawn_at timestamptz
);
CREATE INDEX notices_scope ON notices (scope_unit_id);
CREATE INDEX notices_live ON notices (published_at DESC) WHERE state = 'published';

CREATE TABLE notice_attachments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id  bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    name       text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('pdf', 'docx', 'png', 'jpeg', 'gif', 'webp')),
    object_key text NOT NULL,
    size       bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notice_attachments_notice ON notice_attachments (notice_id, id);

-- One row the first time a reader opens a notice; a withdrawn notice keeps
-- them.
CREATE TABLE notice_reads (
    notice_id bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_reads_user ON notice_reads (user_id);

-- A reminder to those who have not read a 必读 notice; the job that sends
-- it is inserted in the same transaction and sets sent_at.
CREATE TABLE notice_reminders (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id  bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    created_by bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    recipients integer NOT NULL DEFAULT 0
);
CREATE INDEX notice_reminders_notice ON notice_reminders (notice_id, id DESC);

-- org's read model of who holds which role, for audiences narrowed by role.
CREATE VIEW org_member_roles AS
SELECT user_id, role FROM user_roles;

-- +goose Down
DROP VIEW org_member_roles;
DROP TABLE notice_reminders;
DROP TABLE notice_reads;
DROP TABLE notice_attachments;
DROP TABLE notices;
