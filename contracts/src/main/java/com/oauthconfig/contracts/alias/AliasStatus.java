package com.oauthconfig.contracts.alias;

/** Whether an alias still points at a configuration that exists. */
public enum AliasStatus {
    OK,
    BROKEN
}
