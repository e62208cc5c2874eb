package com.oauthconfig.alias.service;

import java.util.List;

/** One page of results with the total, as the list endpoints return it. */
public record PageOf<T>(List<T> items, int page, int size, long total) {
}
