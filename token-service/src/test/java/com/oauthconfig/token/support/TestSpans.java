package com.oauthconfig.token.support;

import com.oauthconfig.rig.CollectedSpans;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/** The spans this service exports in tests, collected in memory (tests export nothing over OTLP). */
@Singleton
@Unremovable
public class TestSpans extends CollectedSpans {
}
