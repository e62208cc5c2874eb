package com.oauthconfig.bench;

import io.vertx.core.json.JsonObject;

/**
 * One line of the result table: absolute values (ours and the baseline measured in the same
 * run), their ratio, the goal and whether it was met — or why the figure is not available.
 */
final class Row {

    final String id;
    final String figure;
    /** Absolute numbers by name (req/s, ms, counts, MiB), as written to the JSON. */
    final JsonObject values = new JsonObject();
    String ours = "";
    String baseline = "";
    Double ratio;
    /** What the ratio divides, e.g. "ours/direct req/s". */
    String ratioOf = "";
    String goal = "none set (reported)";
    /** Null when the issue sets no goal for this figure. */
    Boolean pass;
    /** Set when the figure could not be measured; never a made-up number. */
    String notAvailable;
    /** Set with {@link #notAvailable} when what is missing is a checked condition of the machine. */
    Absent absent;
    /** Why the ratio and the timing verdict are not reported (smoke mode, busy machine); the figures stay. */
    String withheld;
    /** The verdict counts or checks something (not a timing), so it stands in every mode. */
    boolean deterministic;

    Row(String id, String figure) {
        this.id = id;
        this.figure = figure;
    }

    Row unavailable(String reason) {
        this.notAvailable = reason == null || reason.isBlank() ? "unknown reason" : reason;
        this.pass = null;
        return this;
    }

    /** Not measured because the machine lacks something the row needs (a checked condition). */
    Row absent(Absent condition, String detail) {
        unavailable(condition.description + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.absent = condition;
        return this;
    }

    /** Keeps the figures, drops the ratio and any timing verdict, and says why. */
    void withhold(String reason) {
        if (notAvailable != null) {
            return;
        }
        ratio = null;
        withheld = reason;
        if (!deterministic) {
            pass = null;
        }
    }

    String result() {
        if (notAvailable != null) {
            return "not available";
        }
        return pass == null ? "—" : pass ? "PASS" : "FAIL";
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject().put("id", id).put("figure", figure).put("values", values)
                .put("ours", ours).put("baseline", baseline).put("ratio", ratio).put("ratioOf", ratioOf)
                .put("goal", goal).put("pass", pass).put("result", result());
        if (notAvailable != null) {
            o.put("notAvailable", notAvailable);
        }
        if (absent != null) {
            o.put("absent", absent.name());
        }
        if (withheld != null) {
            o.put("ratioWithheld", withheld);
        }
        return o;
    }
}
