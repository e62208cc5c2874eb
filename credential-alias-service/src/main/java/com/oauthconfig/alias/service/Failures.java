package com.oauthconfig.alias.service;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/** Recognises database failures that are answers to the caller rather than faults. */
final class Failures {

    private Failures() {
    }

    /** A unique constraint (by name) was violated: a concurrent writer won the race. */
    static boolean isUniqueViolation(Throwable t, String constraint) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String message = c.getMessage();
            if (message != null && message.contains(constraint)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** The row changed since it was read (optimistic lock). */
    static boolean isStale(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OptimisticLockException || c instanceof StaleStateException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
