package com.oauthconfig.common.vertx;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Brings a pipeline that completes on another thread (a worker doing a DNS lookup, an HTTP
 * client's thread completing a shared read) back to the Vert.x context of the code that built it.
 * The CDI request context and Hibernate Reactive's session live on that (duplicated) context, and
 * the services run without Mutiny's context-propagation decorators, so a step that ran on another
 * thread would find neither.
 */
public final class CallersContext {

    private CallersContext() {
    }

    /** {@code uni}, its item and failure delivered on the current Vert.x context; unchanged off a context. */
    public static <T> Uni<T> resumeOnCallersContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
