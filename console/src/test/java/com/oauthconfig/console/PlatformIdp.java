package com.oauthconfig.console;

import com.oauthconfig.rig.Rig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the console at the rig's OIDC provider (the platform issuer); the console needs no database or broker. */
public class PlatformIdp implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", Rig.oidc().platformIssuer());
    }

    @Override
    public void stop() {
        // Shared by the JVM; the rig stops it at exit.
    }
}
