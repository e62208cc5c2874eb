-- Per (organisation, config, user): the provider tokens, sealed with EnvelopeCipher under the
-- context 'token|<org>|<config>|<user>' so a ciphertext copied to another row does not open.
create table user_token (
    org_id               text        not null,
    config_id            text        not null,
    user_id              text        not null,
    -- ACTIVE: usable; REAUTH_REQUIRED: the provider refused the refresh token (invalid_grant);
    -- REVOKED: the user signed out. Only ACTIVE rows hold tokens.
    status               text        not null check (status in ('ACTIVE', 'REAUTH_REQUIRED', 'REVOKED')),
    access_token_sealed  text,
    refresh_token_sealed text,
    access_expires_at    timestamptz,
    -- When the provider issued the access token we hold: the 15-minute platform cap counts from here.
    obtained_at          timestamptz,
    scopes               text,
    id_subject           text,
    id_issuer            text,
    config_version       bigint      not null,
    -- issuer|client|scopes|audience at sign-in: when the config's differ, consent must be given again.
    consent_fingerprint  text        not null,
    status_reason        text,
    updated_at           timestamptz not null default now(),
    primary key (org_id, config_id, user_id),
    check (status = 'ACTIVE' or (access_token_sealed is null and refresh_token_sealed is null))
);
create index user_token_by_config on user_token (config_id);

-- Sign-in transactions: stored so any replica can finish the flow; keyed by a hash of state so a
-- database reader cannot complete someone's sign-in; deleted on use (single use).
create table auth_state (
    state_hash          text        primary key,
    org_id              text        not null,
    config_id           text        not null,
    user_id             text        not null,
    verifier_sealed     text        not null,
    nonce               text,
    expected_issuer     text,
    token_endpoint      text        not null,
    jwks_uri            text,
    iss_required        boolean     not null,
    redirect_uri        text        not null,
    scopes              text,
    config_version      bigint      not null,
    consent_fingerprint text        not null,
    created_at          timestamptz not null default now(),
    expires_at          timestamptz not null
);
create index auth_state_by_expiry on auth_state (expires_at);
