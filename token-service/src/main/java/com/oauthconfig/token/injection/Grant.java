package com.oauthconfig.token.injection;

import com.oauthconfig.common.problem.Problems;

/**
 * Whose token a function call or resolution asks for: the present user's own (the default, from
 * their sign-in) or the organisation's machine token for the config's client (OAuth client
 * credentials, server to server). Named per call because one registered client commonly serves
 * both: a function reading the user's mailbox and one syncing an organisation-wide catalogue.
 */
public enum Grant {
    AUTHORIZATION_CODE("authorization_code"),
    CLIENT_CREDENTIALS("client_credentials");

    private final String wire;

    Grant(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The request member {@code grant}: absent means the user's own token; anything unknown is a 400 naming it. */
    public static Grant parse(String value) {
        if (value == null) {
            return AUTHORIZATION_CODE;
        }
        for (Grant g : values()) {
            if (g.wire.equals(value)) {
                return g;
            }
        }
        throw Problems.invalid("grant", "must be authorization_code (the user's own token, the default) or client_credentials "
                + "(the organisation's machine token)");
    }
}
