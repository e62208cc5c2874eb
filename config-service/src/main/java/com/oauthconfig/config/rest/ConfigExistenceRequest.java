package com.oauthconfig.config.rest;

import java.util.List;

/** The configuration ids another service asks about, all of one organisation. */
public record ConfigExistenceRequest(List<String> ids) {
}
