package com.oauthconfig.contracts.testing;

import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.ProviderState;
import au.com.dius.pact.provider.HttpClientFactory;
import au.com.dius.pact.provider.ProviderClient;
import au.com.dius.pact.provider.ProviderInfo;
import au.com.dius.pact.provider.ProviderVerifier;
import au.com.dius.pact.provider.VerificationResult;
import org.apache.hc.core5.http.HttpRequest;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Provider side: every committed pact of a provider's consumers is replayed against the
 * provider's real running Quarkus test application, interaction by interaction. Before each one,
 * the test sets up the interaction's provider states through the service's real API or
 * repositories and returns the values (ids) the consumer's request uses in their place; the
 * request carries a real platform token of the consuming service. Pact's own matcher judges the
 * answer.
 */
public final class ProviderPacts {

    /** Sets up one provider state; returns the values its parameters stand for (e.g. {@code orgId}, {@code configId}). */
    @FunctionalInterface
    public interface States {
        Map<String, Object> setUp(String state, Map<String, Object> params);
    }

    private ProviderPacts() {
    }

    /**
     * Verifies every committed pact with {@code provider} against {@code baseUrl}; fails listing every interaction
     * the provider does not honour. {@code bearer} gives a platform token for a consumer's name.
     */
    public static void verify(String provider, URI baseUrl, Function<String, String> bearer, States states) {
        List<Path> files = PactFiles.forProvider(provider);
        if (files.isEmpty()) {
            throw new AssertionError("no committed pact names " + provider + " as provider in " + PactFiles.committedDir());
        }
        List<String> problems = new ArrayList<>();
        int verified = 0;
        for (Path file : files) {
            Pact pact = DefaultPactReader.INSTANCE.loadPact(file.toFile());
            String consumer = pact.getConsumer().getName();
            ProviderInfo info = new ProviderInfo(provider, baseUrl.getScheme(), baseUrl.getHost(), baseUrl.getPort(), "/");
            String token = bearer.apply(consumer);
            info.setRequestFilter((Consumer<HttpRequest>) request -> request.setHeader("Authorization", "Bearer " + token));
            ProviderVerifier verifier = new ProviderVerifier();
            for (Interaction interaction : pact.getInteractions()) {
                Map<String, Object> values = new HashMap<>();
                for (ProviderState state : interaction.getProviderStates()) {
                    values.putAll(states.setUp(state.getName(), state.getParams()));
                }
                Map<String, Object> context = new HashMap<>();
                context.put("providerState", values);
                String description = consumer + ": " + interaction.getDescription();
                VerificationResult result = verifier.verifyResponseFromProvider(info, interaction.asSynchronousRequestResponse(),
                        description, new HashMap<>(), new ProviderClient(info, new HttpClientFactory()), context, false);
                if (!(result instanceof VerificationResult.Ok)) {
                    problems.add(description + " -> " + result);
                }
                verified++;
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(provider + " does not honour " + problems.size() + " of " + verified
                    + " interactions of its consumers' committed pacts:\n  " + String.join("\n  ", problems));
        }
    }
}
