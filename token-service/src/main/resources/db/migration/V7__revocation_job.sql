-- Tokens a config removal or consent change took out of user_token, to be revoked at the provider
-- they were issued by (RFC 7009). Written in the transaction that retires the tokens, so a crash,
-- a cache miss or a provider outage cannot lose a revocation; retried with backoff until the
-- provider answers or give_up_at (the config-service's grace window for the old secret) passes.
-- Tokens stay sealed exactly as in user_token (context 'token|<org>|<config>|<user>').
-- retired_by_version: the config change whose predecessor (issuer, endpoints, client, secret) issued them.
create table revocation_job (
    id                   bigint generated always as identity primary key,
    org_id               text        not null,
    config_id            text        not null,
    user_id              text        not null,
    retired_by_version   bigint      not null,
    access_token_sealed  text,
    refresh_token_sealed text,
    attempts             int         not null default 0,
    next_attempt_at      timestamptz not null default now(),
    give_up_at           timestamptz not null,
    created_at           timestamptz not null default now(),
    unique (org_id, config_id, user_id, retired_by_version)
);
create index revocation_job_due on revocation_job (next_attempt_at);
