package com.oauthconfig.config.service;

import com.oauthconfig.config.repository.OAuthConfigEntity;

import java.util.List;

/** A stored configuration and the warnings its write produced. */
public record Saved(OAuthConfigEntity config, List<Warning> warnings) {
}
