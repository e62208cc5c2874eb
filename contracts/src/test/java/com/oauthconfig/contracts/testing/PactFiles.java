package com.oauthconfig.contracts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pact files committed under {@code contracts/pacts/}: consumers compare what they generate with
 * them (a difference fails until the committed file is updated on purpose, {@code -Dpact.update=true}),
 * providers verify them. Services depend on each other both ways, so the files, not a build order,
 * carry the consumers' expectations to the providers.
 */
public final class PactFiles {

    /** Set to true to write a consumer's generated pact over the committed one. */
    public static final String UPDATE_PROPERTY = "pact.update";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PactFiles() {
    }

    /** {@code contracts/pacts} of this checkout (system property {@code contracts.pacts.dir}, else found upwards from the working directory). */
    public static Path committedDir() {
        String configured = System.getProperty("contracts.pacts.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("contracts/pacts");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("contracts/pacts not found above " + Paths.get("").toAbsolutePath());
    }

    public static Path committed(String consumer, String provider) {
        return committedDir().resolve(consumer + "-" + provider + ".json");
    }

    /** The committed pacts of every consumer of {@code provider}. */
    public static List<Path> forProvider(String provider) {
        try (Stream<Path> files = Files.list(committedDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + provider + ".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails when the generated pact differs from the committed one in anything but pact-jvm's
     * metadata; with {@code -Dpact.update=true} it replaces the committed file instead.
     */
    public static void assertMatchesCommitted(Path generated, String consumer, String provider) {
        Path committed = committed(consumer, provider);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                JsonNode tree = withoutMetadata(generated);
                ((ObjectNode) tree).set("metadata", JSON.readTree(generated.toFile()).get("metadata"));
                Files.writeString(committed, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
                return;
            }
            if (!Files.exists(committed)) {
                throw new AssertionError("no committed pact " + committed + "; review " + generated
                        + " and run the test with -D" + UPDATE_PROPERTY + "=true to commit it");
            }
            JsonNode expected = withoutMetadata(committed);
            JsonNode actual = withoutMetadata(generated);
            if (!expected.equals(actual)) {
                throw new AssertionError("the pact " + consumer + " generates differs from the committed " + committed
                        + " (the provider verifies the committed one): compare with " + generated
                        + "; if the change is intended, run with -D" + UPDATE_PROPERTY + "=true and commit the file\n"
                        + "committed: " + expected + "\ngenerated: " + actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode withoutMetadata(Path file) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
        tree.remove("metadata");
        return tree;
    }
}
