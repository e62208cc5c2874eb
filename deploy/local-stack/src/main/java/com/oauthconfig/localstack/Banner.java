package com.oauthconfig.localstack;

import com.oauthconfig.rig.OidcProvider;

import java.time.Duration;
import java.util.List;

/** What a person needs after start: where everything is and how to get a token. */
final class Banner {

    private Banner() {
    }

    static String text(LocalStack stack, Duration took) {
        String issuer = stack.oidc().platformIssuer();
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nAll services are ready (%.1f s).%n%n", took.toMillis() / 1000.0));
        for (String service : new String[] {LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS}) {
            List<String> urls = stack.urls(service);
            List<String> management = stack.managementUrls(service);
            for (int i = 0; i < urls.size(); i++) {
                String m = management.get(i);
                b.append(String.format("  %-26s %s   (management: Swagger UI %s/q/swagger-ui, OpenAPI %s/q/openapi, health %s/q/health/ready)%n",
                        service, urls.get(i), m, m, m));
            }
        }
        if (stack.hasConsole()) {
            b.append(String.format("  %-26s %s   (self-signed certificate for localhost: accept it once)%n", "web console", stack.consoleUrl()));
        }
        b.append(String.format("  %-26s %s%n", "PostgreSQL", stack.postgres().jdbcUrl("postgres")));
        b.append(String.format("  %-26s %s%n", "Kafka", stack.kafka().bootstrapServers()));
        b.append(String.format("  %-26s %s/.well-known/openid-configuration%n", "Dev OIDC provider", issuer));
        b.append(String.format("  %-26s %s   (a stand-in third-party API: answers with what arrived, the token's claims but never the token)%n",
                "Echo API", stack.echoUrl()));
        b.append(String.format("  %-26s %s   (every span of every service, one JSON object per line: grep a trace id)%n%n",
                "Traces", stack.tracesFile()));
        b.append("A guided tour (create a config, sign in, call an API with the user's token, remove the config):\n");
        b.append(String.format("  deploy/local-stack/walkthrough.sh%s%n%n", stack.portOffset() == 0 ? "" : " --port-offset " + stack.portOffset()));
        b.append("An ADMIN token for organisation 'acme' (any client_id/secret; org and role are yours to choose):\n");
        b.append(String.format("  curl -s %s/token -d grant_type=client_credentials -d client_id=alice -d client_secret=dev "
                + "-d org=acme -d role=ADMIN | jq -r .access_token%n", issuer));
        b.append(String.format("Roles: ADMIN, OWNER, MEMBER. Audience is '%s'.%n", OidcProvider.PLATFORM_AUDIENCE));
        b.append(String.format("SUPPORT counts only for platform staff: org=%s role=SUPPORT.%n", OidcProvider.STAFF_ORG));
        b.append("The app runtime's SERVICE token, for POST /api/functions/execute and /api/tokens/resolve:\n");
        b.append(String.format("  curl -s %s/token -d grant_type=client_credentials -d client_id=function-runtime -d client_secret=dev "
                + "| jq -r .access_token%n", issuer));
        b.append("...with the end user's own token in X-User-Token (the call acts only for that user, e.g. bob of 'acme'):\n");
        b.append(String.format("  curl -s %s/token -d grant_type=client_credentials -d client_id=bob -d client_secret=dev "
                + "-d org=acme -d role=MEMBER | jq -r .access_token%n", issuer));
        if (stack.hasConsole()) {
            b.append(String.format("Sign in to the web console at %s: the dev provider's form asks for a user name and claims.%n", stack.consoleUrl()));
            b.append("  as the admin above:  user name alice, claims {\"org_id\":\"acme\",\"roles\":[\"ADMIN\"]}\n");
            b.append("  as a member:         user name bob,   claims {\"org_id\":\"acme\",\"roles\":[\"MEMBER\"]}\n");
            b.append(String.format("  Members sign in to a configuration at %s/sign-in once its redirect URLs include %s/sign-in/callback.%n",
                    stack.consoleUrl(), stack.consoleUrl()));
        }
        b.append("Press Ctrl-C to stop everything.\n");
        return b.toString();
    }
}
