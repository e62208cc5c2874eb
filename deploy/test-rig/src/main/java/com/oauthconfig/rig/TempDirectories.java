package com.oauthconfig.rig;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes the directories tests made for data nobody keeps, so test runs do not fill /tmp. */
public final class TempDirectories {

    private TempDirectories() {
    }

    /**
     * Deletes {@code dir} and everything in it, going on past an entry it cannot delete; what is
     * left is reported, not thrown (it runs at shutdown).
     */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    quietlyDelete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    quietlyDelete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // walkFileTree reports failures to the visitor above; nothing reaches here but the start.
        }
        if (Files.exists(dir)) {
            System.err.println("test rig: could not delete all of " + dir);
        }
    }

    private static void quietlyDelete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Reported once for the whole directory by delete.
        }
    }

    /** Deletes everything in {@code dir} except its entry {@code kept} (a stack's logs, for whoever reads a failure). */
    public static void deleteAllBut(Path dir, String kept) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            entries.filter(p -> !p.getFileName().toString().equals(kept)).toList().forEach(TempDirectories::delete);
        } catch (IOException e) {
            System.err.println("test rig: could not list " + dir + ": " + e.getMessage());
        }
    }
}
