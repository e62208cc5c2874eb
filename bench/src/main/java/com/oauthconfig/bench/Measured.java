package com.oauthconfig.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Repeated measurements of one target at one concurrency, taken in alternating order with the
 * other targets; each figure is the median over the repeats (req/s, p50 and p99 separately).
 */
record Measured(List<Load.Result> runs) {

    Measured {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run");
        }
    }

    double rps() {
        return median(Load.Result::rps);
    }

    double p50Ms() {
        return median(Load.Result::p50Ms);
    }

    double p99Ms() {
        return median(Load.Result::p99Ms);
    }

    double maxMs() {
        return runs.stream().mapToDouble(Load.Result::maxMs).max().orElse(0);
    }

    long requests() {
        return runs.stream().mapToLong(Load.Result::requests).sum();
    }

    long errors() {
        return runs.stream().mapToLong(Load.Result::errors).sum();
    }

    List<Double> rpsOfEachRun() {
        List<Double> list = new ArrayList<>();
        runs.forEach(r -> list.add(Report.round(r.rps(), 1)));
        return list;
    }

    /** Null when every repeat is usable, otherwise why the first one is not. */
    String unusable(String what) {
        for (Load.Result r : runs) {
            String why = r.unusable(what);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private double median(ToDoubleFunction<Load.Result> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
