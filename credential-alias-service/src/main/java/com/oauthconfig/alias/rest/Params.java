package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.repository.CredentialStatus;
import com.oauthconfig.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of path and query parameters shared by the resources. */
@ApplicationScoped
public class Params {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final AliasServiceConfig config;

    public Params(AliasServiceConfig config) {
        this.config = config;
    }

    /** Solution ids are the platform's, opaque here; only their shape is checked. */
    public String solutionId(String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw Problems.invalid("solutionId", "must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    /** A malformed id cannot name anything: not found rather than invalid. */
    public UUID id(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.notFound(what);
        }
    }

    public int page(String page) {
        return page == null || page.isBlank() ? 0 : number("page", page, 0, 100_000);
    }

    public int size(String size) {
        int max = config.paging().maxSize();
        return size == null || size.isBlank() ? config.paging().defaultSize() : number("size", size, 1, max);
    }

    /** Query parameters are read as text so that "abc" is a 400 naming the parameter, not a bare 404. */
    private static int number(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problems.invalid(field, "must be a whole number between " + min + " and " + max);
    }

    public CredentialStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return CredentialStatus.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("status", "must be one of OK, BROKEN");
        }
    }
}
