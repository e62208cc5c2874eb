package com.oauthconfig.alias.repository;

/** Whether a credential can be used: BROKEN when its target configuration went away. */
public enum CredentialStatus {
    OK,
    BROKEN
}
