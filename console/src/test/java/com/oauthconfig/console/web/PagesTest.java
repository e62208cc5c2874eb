package com.oauthconfig.console.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the console puts into a service path is one id, never something that walks the path. */
class PagesTest {

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "", "a/b", "a%2Fb", "a b", "?x", "#x"})
    void whatCouldChangeTheServicePathIsANotFoundPage(String value) {
        ConsoleError error = assertThrows(ConsoleError.class, () -> Pages.segment(value));
        assertEquals(404, error.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f2c1d4e-0000-4000-8000-000000000001", "acme", "org.acme-1", "a..b", "sol_1~x"})
    void idsPassUnchanged(String value) {
        assertEquals(value, Pages.segment(value));
    }
}
