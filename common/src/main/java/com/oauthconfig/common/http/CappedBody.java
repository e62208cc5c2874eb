package com.oauthconfig.common.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A body codec that buffers at most {@code maxBytes}: an identity provider (or anything posing as
 * one) answering a huge or endless body fails the exchange instead of filling this service's heap.
 * Use {@link #of(long)} with a mutiny WebClient request's {@code as(...)}.
 */
public final class CappedBody implements BodyCodec<Buffer> {

    /** The answer exceeded the cap; no more of it was kept. */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(long maxBytes) {
            super("answer larger than " + maxBytes + " bytes", null, false, false);
        }
    }

    private final long maxBytes;

    CappedBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The codec for the mutiny WebClient ({@code request.as(CappedBody.of(max))}). */
    public static io.vertx.mutiny.ext.web.codec.BodyCodec<io.vertx.mutiny.core.buffer.Buffer> of(long maxBytes) {
        return io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(new CappedBody(maxBytes),
                new io.smallrye.mutiny.vertx.TypeArg<>(o -> io.vertx.mutiny.core.buffer.Buffer.newInstance((Buffer) o),
                        o -> ((io.vertx.mutiny.core.buffer.Buffer) o).getDelegate()));
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Stream(maxBytes)));
    }

    private static final class Stream implements BodyStream<Buffer> {
        private final long maxBytes;
        private final Buffer buffer = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();
        private Handler<Throwable> exceptionHandler;

        Stream(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            this.exceptionHandler = handler;
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return Future.succeededFuture();
            }
            if ((long) buffer.length() + data.length() > maxBytes) {
                TooLargeException tooLarge = new TooLargeException(maxBytes);
                result.tryFail(tooLarge);
                if (exceptionHandler != null) {
                    // Stops the pipe from the response: the rest of the body is not read into memory.
                    exceptionHandler.handle(tooLarge);
                }
                return Future.failedFuture(tooLarge);
            }
            buffer.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> f = write(data);
            if (handler != null) {
                handler.handle(f);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(buffer);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
