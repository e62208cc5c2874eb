package com.oauthconfig.common.http;

import com.oauthconfig.common.problem.Problems;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Path ids, paging and flag parameters, read the same way by every service. Query parameters
 * arrive as text so that a bad value is a 400 naming the parameter instead of a JAX-RS 404. A
 * malformed id is also a 400 naming its path parameter: the caller sent something that cannot be
 * an id, which is a different answer from "no such record" (404) and reveals nothing, because
 * the organisation check runs before any id is read.
 */
public final class RequestParams {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    /** The platform's solution ids are opaque; only their shape is checked. */
    private static final Pattern SOLUTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private RequestParams() {
    }

    /** One page of a list: {@code page} from 0; {@code page * size} always fits the database's int offset. */
    public record Paging(int page, int size) {

        public int offset() {
            return page * size;
        }
    }

    /** Whether {@code value} is a UUID in its canonical 8-4-4-4-12 form (either case), for ids inside bodies. */
    public static boolean isUuid(String value) {
        return value != null && UUID_TEXT.matcher(value).matches();
    }

    /** A UUID in its canonical 8-4-4-4-12 form (either case); anything else is a 400 naming {@code field}. */
    public static UUID uuid(String field, String value) {
        if (!isUuid(value)) {
            throw Problems.invalid(field, "must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** A solution id (1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit); else a 400 naming {@code solutionId}. */
    public static String solutionId(String value) {
        if (value == null || !SOLUTION_ID.matcher(value).matches()) {
            throw Problems.invalid("solutionId", "must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    /**
     * {@code page} (default 0) and {@code size} (default {@code defaultSize}, 1..{@code maxSize}) as
     * sent in the query. Negative, non-numeric, huge values and a page whose first row lies past the
     * largest offset are each a 400 naming the parameter.
     */
    public static Paging paging(String page, String size, int defaultSize, int maxSize) {
        int s = isAbsent(size) ? defaultSize : whole("size", size, 1, maxSize);
        int p = isAbsent(page) ? 0 : whole("page", page, 0, Integer.MAX_VALUE);
        if ((long) p * s > Integer.MAX_VALUE) {
            throw Problems.invalid("page", "must be at most " + Integer.MAX_VALUE / s + " with size " + s);
        }
        return new Paging(p, s);
    }

    /** An optional flag: absent, empty or {@code false} is false, {@code true} is true, anything else a 400. */
    public static boolean flag(String field, String value) {
        if (isAbsent(value) || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw Problems.invalid(field, "must be true or false");
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isEmpty();
    }

    private static int whole(String field, String value, int min, int max) {
        if (DIGITS.matcher(value).matches()) {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        throw Problems.invalid(field, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
                : "must be a whole number between " + min + " and " + max);
    }
}
