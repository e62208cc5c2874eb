package com.oauthconfig.config.rest;

import com.oauthconfig.common.problem.Problems;

/** Strict query parameter parsing: a bad value is a 400 naming the parameter (JAX-RS would answer 404). */
final class QueryParams {

    private QueryParams() {
    }

    static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Problems.invalid(name, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
                : "must be a whole number between " + min + " and " + max);
    }

    static boolean bool(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw Problems.invalid(name, "must be true or false");
    }
}
