package com.oauthconfig.console.configs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form's SSO checkboxes: shown from the record, written back as the booleans the config-service takes. */
class ConfigFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ssoAndEmailAuthorityAreShownAndWrittenBack() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree("""
                {"id":"c1","version":3,"name":"Corp","title":"corp.sso","type":"OPENID","domains":["corp.example.com"],
                 "redirectUrls":["https://app.example.com/cb"],"scopes":["openid"],"issuer":"https://idp.example.com",
                 "ssoEnabled":true,"ssoEmailAuthoritative":true}""");
        ConfigForm form = ConfigForm.fromRecord(record);
        assertEquals("on", form.ssoEnabled);
        assertEquals("on", form.ssoEmailAuthoritative);
        ObjectNode written = form.toRecord(record);
        assertTrue(written.path("ssoEnabled").booleanValue());
        assertTrue(written.path("ssoEmailAuthoritative").booleanValue());

        // An unticked box (absent from the post) switches it off on save.
        form.ssoEmailAuthoritative = null;
        assertFalse(form.toRecord(record).path("ssoEmailAuthoritative").booleanValue());
        assertTrue(form.toRecord(record).path("ssoEmailAuthoritative").isBoolean());
    }

    @Test
    void aNewConfigStartsWithoutSsoOrEmailAuthority() {
        ConfigForm blank = ConfigForm.blank("https://app.example.com/cb");
        assertNull(blank.ssoEnabled);
        assertNull(blank.ssoEmailAuthoritative);
        ObjectNode written = blank.toRecord(JSON.createObjectNode());
        assertFalse(written.path("ssoEnabled").booleanValue());
        assertFalse(written.path("ssoEmailAuthoritative").booleanValue());
        assertTrue(written.path("ssoEmailAuthoritative").isBoolean());
    }
}
