-- Solution credentials: named per solution; an OAUTH_ALIAS points at one OAuth configuration of
-- the same organisation. Other credential types will add their own nullable columns and checks.
create table solution_credential (
    id              uuid primary key,
    org_id          text        not null,
    solution_id     text        not null,
    name            text        not null,
    type            text        not null check (type in ('OAUTH_ALIAS')),
    oauth_config_id uuid,
    status          text        not null default 'OK' check (status in ('OK', 'BROKEN')),
    broken_reason   text,
    broken_at       timestamptz,
    version         bigint      not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    constraint solution_credential_name_unique unique (org_id, solution_id, name),
    constraint solution_credential_alias_target check (type <> 'OAUTH_ALIAS' or oauth_config_id is not null),
    constraint solution_credential_broken_reason check (status = 'OK' or (broken_reason is not null and broken_at is not null))
);

-- "Where is this config referenced?" and "flag every alias of this config": one index scan,
-- already in the listing's order so a page is read without sorting.
create index solution_credential_references on solution_credential (org_id, oauth_config_id, solution_id, name);
-- Events are checked against every organisation (an alias may only point at its own org's config).
create index solution_credential_config on solution_credential (oauth_config_id);
-- Admin listing of a solution, optionally only the broken ones.
create index solution_credential_solution_status on solution_credential (org_id, solution_id, status, name);

-- Last version seen per configuration from oauth-config-events: events older than this are
-- ignored, and once a removal is recorded nothing undoes it.
create table config_event_state (
    config_id       uuid primary key,
    org_id          text        not null,
    last_version    bigint      not null,
    removed_version bigint,
    removed_at      timestamptz,
    updated_at      timestamptz not null
);
