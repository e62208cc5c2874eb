-- Per config, what oauth-config-events told this service: the last version applied (events at or
-- below it are stale) and whether the config was removed (a removal is final).
create table config_state (
    config_id    text        primary key,
    org_id       text        not null,
    title        text,
    last_version bigint      not null,
    removed      boolean     not null,
    updated_at   timestamptz not null
);
create index config_state_by_title on config_state (org_id, title);
