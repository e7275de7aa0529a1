-- +goose Up
-- 群众评议. A campaign asks respondents to rate targets on a weighted form.
-- Anonymity rests on two tables that share no key: appraisal_respondents
-- says who was asked about which target and whether they answered;
-- appraisal_ballots holds the answers with a random id, the campaign and
-- target, and no time and no respondent. Both are written in the one
-- transaction of a submission. Ballots are read only as aggregates or in
-- random order, and are rewritten in random order when the campaign closes,
-- so neither their physical order nor their xmin follows the answered
-- records any more.

-- form: {"indicators":[{"name","weight"}],"scale":[{"label","points"}],"grades":[...]}
CREATE TABLE appraisal_templates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit_path  ltree NOT NULL,
    form       jsonb NOT NULL,
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appraisal_templates_path ON appraisal_templates USING gist (unit_path);

CREATE TABLE appraisal_campaigns (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    unit_path       ltree NOT NULL,
    form            jsonb NOT NULL,
    opens_at        timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL CHECK (closes_at > opens_at),
    closed          boolean NOT NULL DEFAULT false,
    released        boolean NOT NULL DEFAULT false,
    -- 需约谈: 不满意 share at or above talk_dissatisfied, or score below talk_score.
    talk_dissatisfied numeric(4,3) NOT NULL DEFAULT 0.3 CHECK (talk_dissatisfied BETWEEN 0 AND 1),
    talk_score      numeric(5,2) NOT NULL DEFAULT 70 CHECK (talk_score BETWEEN 0 AND 100),
    created_by      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appraisal_campaigns_path ON appraisal_campaigns USING gist (unit_path);

-- A target is a person (user_id) or a unit (user_id NULL).
CREATE TABLE appraisal_targets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES appraisal_campaigns (id) ON DELETE CASCADE,
    user_id     bigint,
    name        text NOT NULL,
    unit_id     bigint NOT NULL,
    unit_name   text NOT NULL,
    unit_path   ltree NOT NULL,
    position    integer NOT NULL,
    -- respondents asked, fixed at creation: results need no count over them
    asked       integer NOT NULL DEFAULT 0
);
CREATE INDEX appraisal_targets_campaign ON appraisal_targets (campaign_id, position);
CREATE INDEX appraisal_targets_user ON appraisal_targets (user_id) WHERE user_id IS NOT NULL;

-- The "has answered" record: no time, and no key a ballot carries.
CREATE TABLE appraisal_respondents (
    target_id   bigint NOT NULL REFERENCES appraisal_targets (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL,
    campaign_id bigint NOT NULL,
    unit_id     bigint NOT NULL,
    unit_name   text NOT NULL,
    answered    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (target_id, user_id)
);
CREATE INDEX appraisal_respondents_user ON appraisal_respondents (user_id, campaign_id);
CREATE INDEX appraisal_respondents_campaign ON appraisal_respondents (campaign_id, unit_id);

-- points: the points of the step chosen for each indicator, in form order.
CREATE TABLE appraisal_ballots (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id bigint NOT NULL,
    target_id   bigint NOT NULL REFERENCES appraisal_targets (id) ON DELETE CASCADE,
    steps       smallint[] NOT NULL,
    points      numeric(6,2)[] NOT NULL,
    score       numeric(6,2) NOT NULL,
    grade       smallint NOT NULL CHECK (grade BETWEEN 0 AND 2),
    comment     text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000)
);
CREATE INDEX appraisal_ballots_target ON appraisal_ballots (campaign_id, target_id);

CREATE TABLE appraisal_followups (
    target_id   bigint PRIMARY KEY REFERENCES appraisal_targets (id) ON DELETE CASCADE,
    talked_on   date,
    requirement text NOT NULL DEFAULT '',
    progress    text NOT NULL DEFAULT '',
    updated_by  bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE appraisal_followups;
DROP TABLE appraisal_ballots;
DROP TABLE appraisal_respondents;
DROP TABLE appraisal_targets;
DROP TABLE appraisal_campaigns;
DROP TABLE appraisal_templates;
