-- SSO sign-ins in progress (the platform sign-in through an organisation's SSO configuration; the
-- user has no platform token yet). Like auth_state: the state only as a SHA-256, the PKCE verifier
-- sealed, taken once with DELETE ... RETURNING. Bound to the config version the flow started with
-- and to the browser that started it (SHA-256 of the value of its binding cookie).
create table sso_state (
    state_hash      text primary key,
    org_id          text not null,
    config_id       text not null,
    config_version  bigint not null,
    browser_hash    text not null,
    verifier_sealed text not null,
    nonce           text not null,
    expected_issuer text not null,
    token_endpoint  text not null,
    jwks_uri        text,
    iss_required    boolean not null,
    redirect_uri    text not null,
    relay_state     text,
    expires_at      timestamptz not null
);
create index sso_state_expires_at on sso_state (expires_at);
