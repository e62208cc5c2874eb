package com.oauthconfig.common.ratelimit;

import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;

import java.util.List;
import java.util.Map;

/** A 429: the caller or its address used up a limit; {@code Retry-After} says when the window ends. */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(String limit, long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_REQUESTS, "too many " + limit + "; retry after " + retryAfterSeconds + " s",
                List.of(), Map.of("limit", limit));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
