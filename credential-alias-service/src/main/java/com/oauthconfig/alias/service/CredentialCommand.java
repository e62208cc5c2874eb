package com.oauthconfig.alias.service;

/** What a caller asks a credential to be (create or full replace), still unvalidated. */
public record CredentialCommand(String name, String type, String oauthConfigId) {
}
