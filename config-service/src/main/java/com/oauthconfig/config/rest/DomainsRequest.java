package com.oauthconfig.config.rest;

import java.util.List;

/** The full list of an organisation's registered domains (replaces the previous list). */
public record DomainsRequest(List<String> domains) {
}
