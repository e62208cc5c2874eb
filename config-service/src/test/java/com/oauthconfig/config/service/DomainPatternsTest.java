package com.oauthconfig.config.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainPatternsTest {

    @Test
    void exactBeatsLongerWildcardBeatsShorterWildcardBeatsAny() {
        var exact = DomainPatterns.best(List.of("*", "eu.acme.com"), "eu.acme.com").orElseThrow();
        var longWildcard = DomainPatterns.best(List.of("*.eu.acme.com"), "x.eu.acme.com").orElseThrow();
        var shortWildcard = DomainPatterns.best(List.of("*.acme.com"), "x.eu.acme.com").orElseThrow();
        var any = DomainPatterns.best(List.of("*"), "x.eu.acme.com").orElseThrow();
        assertTrue(exact.compareTo(longWildcard) < 0);
        assertTrue(longWildcard.compareTo(shortWildcard) < 0);
        assertTrue(shortWildcard.compareTo(any) < 0);
    }

    @Test
    void wildcardMatchesSubdomainsOnlyAndIgnoresCase() {
        assertTrue(DomainPatterns.match("*.acme.com", "Sales.ACME.com").isPresent());
        assertFalse(DomainPatterns.match("*.acme.com", "acme.com").isPresent());
        assertFalse(DomainPatterns.match("*.acme.com", "evilacme.com").isPresent());
        assertFalse(DomainPatterns.match("acme.com", "x.acme.com").isPresent());
        assertEquals(DomainPatterns.Match.ANY_DOMAIN, DomainPatterns.match("*", "anything.org").orElseThrow().level());
    }

    @Test
    void coveredByAcceptsRegisteredDomainsAndTheirSubdomainsOnly() {
        assertTrue(DomainPatterns.coveredBy("acme.com", List.of("acme.com")));
        assertTrue(DomainPatterns.coveredBy("eu.acme.com", List.of("acme.com")));
        assertFalse(DomainPatterns.coveredBy("notacme.com", List.of("acme.com")));
    }

    @Test
    void domainNamesNeedTwoLabelsAndAnAlphabeticTld() {
        assertTrue(DomainPatterns.isDomainName("acme.com"));
        assertTrue(DomainPatterns.isDomainName("xn--bcher-kva.example"));
        assertFalse(DomainPatterns.isDomainName("localhost"));
        assertFalse(DomainPatterns.isDomainName("10.0.0.1"));
        assertFalse(DomainPatterns.isDomainName("-acme.com"));
        assertFalse(DomainPatterns.isDomainName("ACME.com"));
    }
}
