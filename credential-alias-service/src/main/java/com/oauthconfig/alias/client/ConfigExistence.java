package com.oauthconfig.alias.client;

import java.util.List;
import java.util.UUID;

/**
 * The config-service's answer about a list of configuration ids of one organisation: each id is
 * {@code existing}, {@code removed} (it was there and was removed) or {@code unknown}.
 */
public record ConfigExistence(String orgId, List<UUID> existing, List<UUID> removed, List<UUID> unknown) {
}
