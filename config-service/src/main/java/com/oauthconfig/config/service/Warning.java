package com.oauthconfig.config.service;

import java.util.List;

/** Something a caller should know about a successful write, e.g. two SSO configurations claiming the same domain. */
public record Warning(String code, String detail, List<String> domains, String otherConfigId, String otherTitle) {

    public static final String SSO_AMBIGUOUS = "sso-ambiguous";
}
