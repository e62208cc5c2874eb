package com.oauthconfig.common.problem;

import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on, rendered as RFC 9457 problem+json by {@link ProblemMapper}.
 * Services throw these (usually through {@link Problems}) instead of building responses.
 * The message must never contain a secret: it goes to the caller verbatim.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra members of the problem object (e.g. {@code references} on a 409). */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
