package com.oauthconfig.alias.client;

/** The config-service could not give an answer (error status, bad token, unusable body). */
public class ConfigServiceException extends RuntimeException {

    public ConfigServiceException(String message) {
        super(message, null, false, false);
    }
}
