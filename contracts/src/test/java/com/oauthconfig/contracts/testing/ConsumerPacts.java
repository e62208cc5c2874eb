package com.oauthconfig.contracts.testing;

import au.com.dius.pact.consumer.ConsumerPactRunnerKt;
import au.com.dius.pact.consumer.PactVerificationResult;
import au.com.dius.pact.consumer.model.MockProviderConfig;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Consumer side of a pact, run inside the consumer's own Quarkus test so its real REST client,
 * token handling and fault tolerance make the calls: Pact's mock provider listens on the port the
 * client is configured with, checks each request against the interactions and answers as they
 * say. The consumer's whole pact is then written and compared with the committed one.
 */
public final class ConsumerPacts {

    private ConsumerPacts() {
    }

    /** The interactions of {@code pact} with this description, as a pact of their own (one test exercises them). */
    public static RequestResponsePact only(RequestResponsePact pact, String description) {
        List<Interaction> chosen = pact.getInteractions().stream().filter(i -> i.getDescription().equals(description)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no interaction '" + description + "' in the pact");
        }
        return new RequestResponsePact(pact.getProvider(), pact.getConsumer(), chosen);
    }

    /** Runs {@code calls} against a mock provider on {@code port} serving {@code pact}; fails unless every interaction was called as described. */
    public static void verify(RequestResponsePact pact, int port, Runnable calls) {
        PactVerificationResult result = ConsumerPactRunnerKt.runConsumerTest(pact,
                MockProviderConfig.httpConfig("localhost", port, PactSpecVersion.V3), (mockServer, context) -> {
                    calls.run();
                    return null;
                });
        if (!(result instanceof PactVerificationResult.Ok)) {
            if (result instanceof PactVerificationResult.Error error && error.getError() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError("the consumer did not call as the pact says: " + result.getDescription());
        }
    }

    /**
     * Writes the consumer's whole pact to {@code target/pacts/generated} and fails when it differs
     * from the one committed under {@code contracts/pacts/} (see {@link PactFiles}).
     */
    public static void assertCommitted(RequestResponsePact pact) {
        Path dir = Paths.get("target", "pacts", "generated");
        String consumer = pact.getConsumer().getName();
        String provider = pact.getProvider().getName();
        Path file = dir.resolve(consumer + "-" + provider + ".json");
        try {
            // pact-jvm merges into an existing file; start from nothing so the file is exactly this pact.
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pact.write(dir.toString(), PactSpecVersion.V3).expect(() -> "pact not written to " + dir);
        PactFiles.assertMatchesCommitted(file, consumer, provider);
    }
}
