package com.oauthconfig.token.web;

/** Text rules for ids inside bodies; path ids are parsed by common's RequestParams. */
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
}
