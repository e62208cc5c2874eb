-- Whether the organisation vouches that its SSO provider owns the e-mail addresses it signs in:
-- then a sign-in whose ID token lacks email_verified is admitted. Existing configs keep refusing.
alter table oauth_config add column sso_email_authoritative boolean not null default false;
