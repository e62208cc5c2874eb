-- Sign-in transactions are capped per (organisation, config, user): starting another deletes the
-- oldest. seq orders them exactly (expires_at can tie within a clock tick); the index serves the
-- per-user lookup of that cap.
alter table auth_state add column seq bigserial;
create index auth_state_by_user on auth_state (org_id, config_id, user_id, seq);
