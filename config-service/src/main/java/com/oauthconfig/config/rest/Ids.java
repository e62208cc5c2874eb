package com.oauthconfig.config.rest;

import com.oauthconfig.common.problem.Problems;

import java.util.Locale;
import java.util.UUID;

/** Path ids: anything that is not a UUID names no record, so it is "not found", not "bad request". */
final class Ids {

    private Ids() {
    }

    static UUID parse(String id, String what) {
        try {
            UUID u = UUID.fromString(id);
            if (!u.toString().equals(id.toLowerCase(Locale.ROOT))) {
                throw Problems.notFound(what);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw Problems.notFound(what);
        }
    }
}
