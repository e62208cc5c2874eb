-- The last sign-in the provider (or the user there) refused at the callback (error=access_denied,
-- consent_required…), per (organisation, config, user), with the provider's OAuth error code. While
-- the user holds no usable token it turns the OAuthCredentialsMissingError reason into SIGN_IN_DENIED;
-- a sign-in that completes deletes it. Holds no token, code or state.
create table sign_in_denial (
    org_id          text        not null,
    config_id       text        not null,
    user_id         text        not null,
    provider_error  text        not null,
    denied_at       timestamptz not null default now(),
    primary key (org_id, config_id, user_id)
);
