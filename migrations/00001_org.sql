-- +goose Up
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Units form the organisation tree. path is the chain of "u<id>" labels from
-- the root, so "this subtree" is one indexed `path <@ $1` query.
CREATE TABLE units (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint REFERENCES units (id),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind       text NOT NULL DEFAULT '',
    path       ltree NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_path_gist ON units USING gist (path);
CREATE UNIQUE INDEX units_sibling_name ON units (coalesce(parent_id, 0), name);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL,
    display_name         text NOT NULL,
    unit_id              bigint NOT NULL REFERENCES units (id),
    rank                 text NOT NULL DEFAULT '',
    phone                text NOT NULL DEFAULT '',
    password_hash        text NOT NULL DEFAULT '',
    must_change_password boolean NOT NULL DEFAULT false,
    disabled             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_unit ON users (unit_id);
CREATE INDEX users_search_trgm ON users USING gin ((username || ' ' || display_name) gin_trgm_ops);

-- A committee or admin role is scoped to the subtree of unit_id.
CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text NOT NULL CHECK (role IN ('learner', 'trainer', 'committee', 'admin')),
    unit_id bigint REFERENCES units (id),
    PRIMARY KEY (user_id, role),
    CHECK (role IN ('learner', 'trainer') OR unit_id IS NOT NULL)
);

-- Only hashes of session and API tokens are stored.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);

CREATE TABLE login_failures (
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

-- unit_path scopes an event to the subtree of the user it concerns, so an
-- admin sees the events of their own part of the tree.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    action         text NOT NULL,
    target_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    unit_path      ltree,
    ip             text NOT NULL DEFAULT '',
    detail         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_path ON audit_log USING gist (unit_path);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE units;
