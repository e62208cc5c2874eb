package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.repository.CredentialStatus;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.http.RequestParams.Paging;
import com.oauthconfig.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;


/** This service's own path and query parameters; ids and paging follow common's {@link RequestParams}. */
@ApplicationScoped
public class Params {


    private final AliasServiceConfig config;

    public Params(AliasServiceConfig config) {
        this.config = config;
    }

    /** Solution ids are the platform's, opaque here; only their shape is checked (common's rule). */
    public String solutionId(String value) {
        return RequestParams.solutionId(value);
    }

    /** {@code page} and {@code size} by common's rules, with this service's default and largest size. */
    public Paging paging(String page, String size) {
        return RequestParams.paging(page, size, config.paging().defaultSize(), config.paging().maxSize());
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
