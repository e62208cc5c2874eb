package com.oauthconfig.common.problem;

import java.util.List;
import java.util.Map;

/** Short factories for the common problems, so call sites read as the rule they enforce. */
public final class Problems {

    private Problems() {
    }

    public static ProblemException invalid(String field, String rule) {
        return invalid(List.of(new FieldError(field, rule)));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).rule()
                : errors.size() + " fields are invalid";
        return new ProblemException(ProblemType.VALIDATION, detail, errors, Map.of());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail, List.of(new FieldError(field, detail)), Map.of());
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(ProblemType.CONFLICT, detail, List.of(), extensions);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, detail);
    }

    /** Names the dependency that failed, never its internals. */
    public static ProblemException unavailable(String dependency) {
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, dependency + " is unavailable; nothing was changed",
                List.of(), Map.of("dependency", dependency));
    }
}
