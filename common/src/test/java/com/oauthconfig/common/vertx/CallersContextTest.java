package com.oauthconfig.common.vertx;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class CallersContextTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    /** Where the next step of a pipeline built on {@code caller} runs. */
    private record Seen(Context context, Thread thread, String item, Throwable failure) {
    }

    private static Seen run(Context caller, Uni<String> work, boolean resume) throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        caller.runOnContext(v -> {
            Uni<String> uni = resume ? CallersContext.resumeOnCallersContext(work) : work;
            uni.subscribe().with(item -> seen.complete(new Seen(Vertx.currentContext(), Thread.currentThread(), item, null)),
                    failure -> seen.complete(new Seen(Vertx.currentContext(), Thread.currentThread(), null, failure)));
        });
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anItemProducedOnAWorkerThreadArrivesOnTheContextThatBuiltThePipeline() throws Exception {
        Context caller = vertx.getOrCreateContext();
        Uni<String> onWorker = Uni.createFrom().item(() -> Thread.currentThread().getName()).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());

        Seen without = run(caller, onWorker, false);
        assertNotSame(caller, without.context(), "without it the step runs on the worker, outside the caller's context");

        Seen with = run(caller, onWorker, true);
        assertSame(caller, with.context());
        assertEquals(true, with.thread().getName().startsWith("vert.x-eventloop"), with.thread().getName());
    }

    @Test
    void aFailureArrivesThereToo() throws Exception {
        Context caller = vertx.getOrCreateContext();
        Uni<String> failing = Uni.createFrom().<String>failure(new IllegalStateException("no"))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());

        Seen seen = run(caller, failing, true);

        assertSame(caller, seen.context());
        assertEquals("no", seen.failure().getMessage());
    }
}
