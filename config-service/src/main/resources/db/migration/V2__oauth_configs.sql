-- Organisations' registered e-mail domains (changed by platform support only).
create table organisation (
    org_id     text primary key,
    domains    text not null default '[]',
    updated_by text,
    updated_at timestamptz
);

-- OAuth configurations. Lists are JSON arrays in text columns. The client secret is stored only
-- as an EnvelopeCipher-sealed value ('v1.<kek>.<wrapped data key>.<payload>'), never plaintext.
create table oauth_config (
    id                     uuid primary key,
    org_id                 text not null,
    title                  text not null,
    name                   text not null,
    type                   text not null check (type in ('GRAPH', 'OKTA', 'OPENID', 'AUTH0')),
    image_url              text,
    login_hint             text,
    domains                text not null,
    redirect_urls          text not null,
    client_id              text,
    client_secret_sealed   text check (client_secret_sealed is null or client_secret_sealed like 'v1.%'),
    issuer                 text,
    authorization_endpoint text,
    token_endpoint         text,
    userinfo_endpoint      text,
    jwks_uri               text,
    revocation_endpoint    text,
    end_session_endpoint   text,
    use_pkce               boolean not null,
    use_nonce              boolean not null,
    scopes                 text not null,
    sso_enabled            boolean not null,
    api_hosts              text not null,
    audience               text,
    tenant_id              text,
    version                bigint not null,
    created_by             text not null,
    created_at             timestamptz not null,
    updated_by             text not null,
    updated_at             timestamptz not null
);
-- Titles are token references: unique per organisation regardless of case.
create unique index uq_oauth_config_org_title on oauth_config (org_id, lower(title));
create index ix_oauth_config_org on oauth_config (org_id);

-- Who changed what and when; secret changes appear only as "changed".
create table oauth_config_audit (
    id             bigint generated always as identity primary key,
    org_id         text not null,
    config_id      uuid not null,
    config_version bigint not null,
    action         text not null,
    actor          text not null,
    at             timestamptz not null,
    changes        text not null
);
create index ix_oauth_config_audit_config on oauth_config_audit (org_id, config_id, id);
