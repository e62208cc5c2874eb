package com.oauthconfig.token.injection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counter {@code token.injections} (tags {@code endpoint} execute|resolve, {@code outcome} ok or
 * the error name the apps match on, e.g. {@code OAuthCredentialsMissingError}): the error catalogue
 * is a fixed enum, so the tags stay bounded.
 */
@ApplicationScoped
public class InjectionOutcomes {

    private final MeterRegistry meters;

    public InjectionOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The "ok" counter of each endpoint, found once: a registry lookup on every answer was measurable on resolve. */
    private final Map<String, Counter> ok = new ConcurrentHashMap<>();

    public void ok(String endpoint) {
        ok.computeIfAbsent(endpoint, e -> meters.counter("token.injections", "endpoint", e, "outcome", "ok")).increment();
    }

    public void failed(String endpoint, Throwable f) {
        FunctionError error = f instanceof FunctionCallException e ? e.error() : FunctionError.FunctionCallFailedError;
        meters.counter("token.injections", "endpoint", endpoint, "outcome", error.name()).increment();
    }
}
