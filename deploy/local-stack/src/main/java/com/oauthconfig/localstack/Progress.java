package com.oauthconfig.localstack;

import java.util.function.Function;

/** One line per component as it starts and when it is ready, with how long it took: what a person watching run.sh sees. */
final class Progress {

    private Progress() {
    }

    /** Starts one component, printing "starting" and then "ready" with what {@code describe} says about it and the time taken. */
    static <T> T step(String name, IoSupplier<T> start, Function<T, String> describe) throws java.io.IOException {
        starting(name);
        long since = System.nanoTime();
        T started = start.get();
        ready(name + " " + describe.apply(started), since);
        return started;
    }

    static void starting(String what) {
        System.out.println("  starting " + what + " ...");
    }

    static void ready(String what, long sinceNanos) {
        System.out.printf("  ready    %s (%.1f s)%n", what, (System.nanoTime() - sinceNanos) / 1e9);
    }

    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws java.io.IOException;
    }
}
