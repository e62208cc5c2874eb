package com.oauthconfig.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows of one run, printed as a Markdown table and written as JSON. */
final class Report {

    final List<Row> rows = new ArrayList<>();

    Row row(String id, String figure) {
        Row r = new Row(id, figure);
        rows.add(r);
        return r;
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append("| # | figure | ours | baseline | ratio | goal | result |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String ours = r.notAvailable != null ? "not available: " + r.notAvailable.replace('|', '/') : r.ours;
            String ratio = r.ratio != null ? String.format(Locale.ROOT, "%.2f× %s", r.ratio, r.ratioOf)
                    : r.withheld != null && !r.ratioOf.isEmpty() ? "ratio " + r.withheld : "";
            b.append("| ").append(r.id).append(" | ").append(r.figure).append(" | ").append(ours).append(" | ")
                    .append(r.notAvailable != null ? "" : r.baseline).append(" | ").append(ratio).append(" | ")
                    .append(r.goal).append(" | ").append(r.result()).append(" |\n");
        }
        return b.toString();
    }

    JsonObject json(JsonObject run) {
        JsonArray array = new JsonArray();
        rows.forEach(r -> array.add(r.toJson()));
        return run.copy().put("rows", array);
    }

    void write(Path file, JsonObject run) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json(run).encodePrettily() + "\n");
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.1f ms", v);
    }

    static String rps(double v) {
        return String.format(Locale.ROOT, "%,.0f req/s", v);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
