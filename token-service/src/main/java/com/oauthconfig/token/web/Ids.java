package com.oauthconfig.token.web;

import com.oauthconfig.common.problem.Problems;

import java.util.UUID;

/** Id rules shared by the resources (path ids and ids in bodies). */
public final class Ids {

    private Ids() {
    }

    /**
     * JSON lets {@code \\ud800} through as a string that is not Unicode text: it cannot be encoded into a
     * URL or a header, so such an id would only fail later, deep in a call to another service.
     */
    public static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Config ids are UUID strings; anything else is a bad request rather than a pointless lookup. */
    public static void requireConfigId(String configId) {
        try {
            UUID.fromString(configId);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("configId", "must be a UUID");
        }
    }
}
