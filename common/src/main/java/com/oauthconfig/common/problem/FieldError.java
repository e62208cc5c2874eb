package com.oauthconfig.common.problem;

/** One rule a request broke: the JSON pointer-ish path of the field, and the rule in plain words. */
public record FieldError(String field, String rule) {
}
