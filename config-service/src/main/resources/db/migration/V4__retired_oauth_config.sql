-- What a configuration was just before a change replaced or removed it, kept for a grace window
-- so the token-service can still revoke users' tokens at the provider they were issued by, with
-- the client secret that provider knows. The secret is sealed again under a data key of its own,
-- bound to 'oauth-config-retired|<orgId>|<configId>|<version>'; deleting the row after the window
-- destroys that key (crypto-shredding).
create table retired_oauth_config (
    id                   uuid primary key,
    config_id            uuid not null,
    org_id               text not null,
    retired_by_version   bigint not null,
    config               text not null,
    client_secret_sealed text check (client_secret_sealed is null or client_secret_sealed like 'v1.%'),
    retired_at           timestamptz not null,
    shred_after          timestamptz not null
);
create unique index uq_retired_oauth_config_version on retired_oauth_config (config_id, retired_by_version);
create index ix_retired_oauth_config_shred on retired_oauth_config (shred_after);
