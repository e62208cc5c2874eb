package com.oauthconfig.common.signin;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginHintTemplateTest {

    private static final Map<String, String> ANN = Map.of("email", "ann@fabrikam.example", "preferred_username", "ann.lee@corp.example",
            "upn", "ann.lee@corp.onmicrosoft.com");

    @Test
    void knownPlaceholdersAndFixedTextAreAccepted() {
        for (String ok : new String[] {"{email}", "{username}@contoso.com", "{upn}", "pre-{username}-{email}", "kiosk@contoso.com"}) {
            assertEquals(Optional.empty(), LoginHintTemplate.problem(ok), ok);
        }
    }

    @Test
    void unknownPlaceholdersUnbalancedBracesControlCharactersAndOverlongTemplatesAreRefused() {
        for (String bad : new String[] {"{mail}", "{}", "{email", "email}", "{{email}}", "{sub}", "a\nb", " ", "x".repeat(257)}) {
            assertTrue(LoginHintTemplate.problem(bad).isPresent(), bad);
        }
    }

    @Test
    void placeholdersAreFilledFromTheUsersClaims() {
        assertEquals(Optional.of("ann@fabrikam.example"), LoginHintTemplate.fill("{email}", ANN::get));
        assertEquals(Optional.of("ann.lee@contoso.com"), LoginHintTemplate.fill("{username}@contoso.com", ANN::get));
        assertEquals(Optional.of("ann.lee@corp.onmicrosoft.com"), LoginHintTemplate.fill("{upn}", ANN::get));
        // Without preferred_username the user name is the e-mail's local part.
        assertEquals(Optional.of("bob@contoso.com"),
                LoginHintTemplate.fill("{username}@contoso.com", Map.of("email", "bob@x.example")::get));
    }

    @Test
    void aPlaceholderWithoutItsClaimSendsNoHintRatherThanAHalfFilledOne() {
        assertEquals(Optional.empty(), LoginHintTemplate.fill("{upn}", Map.of("email", "bob@x.example")::get));
        assertEquals(Optional.empty(), LoginHintTemplate.fill("{username}@contoso.com", Map.<String, String>of()::get));
        assertEquals(Optional.empty(), LoginHintTemplate.fill("{mail}", ANN::get));
        assertEquals(Optional.of("kiosk@contoso.com"), LoginHintTemplate.fill("kiosk@contoso.com", Map.<String, String>of()::get));
    }
}
