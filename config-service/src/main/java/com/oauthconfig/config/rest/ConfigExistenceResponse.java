package com.oauthconfig.config.rest;

import java.util.List;

/**
 * The answer about each asked id, echoing the organisation: {@code existing} now, {@code removed}
 * (it existed in this organisation and was removed), {@code unknown} (never a configuration of this
 * organisation here). Every asked id is in exactly one list.
 */
public record ConfigExistenceResponse(String orgId, List<String> existing, List<String> removed, List<String> unknown) {
}
