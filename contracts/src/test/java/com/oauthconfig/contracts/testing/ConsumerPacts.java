package com.oauthconfig.contracts.testing;

import au.com.dius.pact.consumer.ConsumerPactRunnerKt;
import au.com.dius.pact.consumer.PactVerificationResult;
import au.com.dius.pact.consumer.model.MockProviderConfig;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * Consumer side of a pact, run inside the consumer's own Quarkus test so its real REST client,
 * token handling and fault tolerance make the calls: Pact's mock provider listens on the port the
 * client is configured with, checks each request against the interactions and answers as they
 * say. The consumer's whole pact is then written and compared with the committed one.
 */
public final class ConsumerPacts {

    /** How every service-to-service request authenticates: a platform service token, matched by shape. */
    public static final String SERVICE_BEARER = "Bearer [A-Za-z0-9._-]+";
    /** The example the pact file shows for it (the provider's verification sends a real token instead). */
    public static final String EXAMPLE_BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";
    /** Content types of a JSON answer and of a problem answer, matched by prefix. */
    public static final String JSON = "application/json.*";
    public static final String PROBLEM_JSON = "application/problem\\+json.*";

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
        PactVerificationResult result = run(pact, port, calls);
        if (result instanceof PactVerificationResult.Error error && error.getError() instanceof java.net.BindException) {
            // The port's previous listener (the fake just stopped) may not have let go yet: once more when it has.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> free(port));
            result = run(pact, port, calls);
        }
        if (!(result instanceof PactVerificationResult.Ok)) {
            if (result instanceof PactVerificationResult.Error error && error.getError() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError("the consumer did not call as the pact says: " + result.getDescription());
        }
    }

    private static PactVerificationResult run(RequestResponsePact pact, int port, Runnable calls) {
        return ConsumerPactRunnerKt.runConsumerTest(pact, MockProviderConfig.httpConfig("localhost", port, PactSpecVersion.V3),
                (mockServer, context) -> {
                    calls.run();
                    return null;
                });
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException inUse) {
            return false;
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
