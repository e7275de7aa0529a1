-- +goose Up

-- media: a heartbeat asks which segments a user fetched around the seconds
-- it reports, not the whole history of the lecture: fetches are looked up
-- by their media time.
DROP INDEX media_fetches_lookup;
CREATE INDEX media_fetches_span ON media_fetches (user_id, asset_id, start_s);

-- +goose Down
DROP INDEX media_fetches_span;
CREATE INDEX media_fetches_lookup ON media_fetches (user_id, asset_id, fetched_at);
