package com.oauthconfig.token.rest;

import com.oauthconfig.common.problem.Problems;

import java.util.UUID;

/** Path id rules shared by the resources. */
final class Ids {

    private Ids() {
    }

    /** Config ids are UUID strings; anything else is a bad request rather than a pointless lookup. */
    static void requireConfigId(String configId) {
        try {
            UUID.fromString(configId);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("configId", "must be a UUID");
        }
    }
}
