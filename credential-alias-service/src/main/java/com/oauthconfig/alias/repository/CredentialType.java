package com.oauthconfig.alias.repository;

/** Kinds of solution credential; only OAuth aliases exist today, others will add their own fields. */
public enum CredentialType {
    /** Maps the solution credential to one of the organisation's OAuth configurations. */
    OAUTH_ALIAS
}
