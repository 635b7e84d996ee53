package dev.spotshift.audit;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** One SVG chart over the plan's time span: scales, axes, lines, step lines, points and markers. */
final class Svg {

    static final int WIDTH = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 14;
    private static final int BOTTOM = 26;

    record Point(Instant at, double value) {}

    private final StringBuilder b = new StringBuilder();
    private final long t0;
    private final long t1;
    private final double yMin;
    private final double yMax;
    private final int height;

    Svg(Instant from, Instant to, double yMin, double yMax, int height, String title) {
        this.t0 = from.toEpochMilli();
        this.t1 = Math.max(to.toEpochMilli(), t0 + 1);
        this.yMin = yMin;
        this.yMax = yMax > yMin ? yMax : yMin + 1;
        this.height = height;
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", WIDTH, height, WIDTH, height, Html.escape(title)));
        axes();
    }

    double x(Instant at) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) (at.toEpochMilli() - t0) / (t1 - t0);
    }

    double y(double v) {
        double clamped = Math.max(yMin, Math.min(yMax, v));
        return TOP + (height - TOP - BOTTOM) * (1 - (clamped - yMin) / (yMax - yMin));
    }

    private void axes() {
        b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT,
                y(yMin), WIDTH - RIGHT, y(yMin)));
        for (double v : List.of(yMin, (yMin + yMax) / 2, yMax)) {
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y(v) + 4, TextTimeline.format(v)));
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, y(v), WIDTH - RIGHT, y(v)));
        }
        Instant from = Instant.ofEpochMilli(t0);
        Instant to = Instant.ofEpochMilli(t1);
        b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>", LEFT, height - 6, from));
        b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                WIDTH - RIGHT, height - 6, to));
    }

    /** A line through the points; step=true holds each value until the next (a share that is set, not sampled). */
    Svg line(String series, String cssClass, List<Point> points, boolean step, Instant holdUntil) {
        if (points.isEmpty()) {
            return this;
        }
        StringBuilder d = new StringBuilder();
        Point prev = null;
        for (Point p : points) {
            if (prev == null) {
                d.append(String.format(Locale.ROOT, "M%.1f,%.1f", x(p.at()), y(p.value())));
            } else if (step) {
                d.append(String.format(Locale.ROOT, " H%.1f V%.1f", x(p.at()), y(p.value())));
            } else {
                d.append(String.format(Locale.ROOT, " L%.1f,%.1f", x(p.at()), y(p.value())));
            }
            prev = p;
        }
        if (step && holdUntil != null) {
            d.append(String.format(Locale.ROOT, " H%.1f", x(holdUntil)));
        }
        b.append(String.format("<path class=\"%s\" data-series=\"%s\" d=\"%s\"/>", cssClass, Html.escape(series), d));
        return this;
    }

    Svg point(Instant at, double value, String cssClass, String tooltip) {
        b.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s</title></circle>",
                cssClass, x(at), y(value), Html.escape(tooltip)));
        return this;
    }

    /** A vertical marker across the chart (a rollback, a stage change) with a short label. */
    Svg marker(Instant at, String cssClass, String label) {
        double x = x(at);
        b.append(String.format(Locale.ROOT, "<g class=\"%s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>"
                        + "<text x=\"%.1f\" y=\"%d\">%s</text><title>%s</title></g>", cssClass, x, TOP, x, y(yMin),
                x + 4, TOP + 10, Html.escape(label), Html.escape(label + " at " + at)));
        return this;
    }

    /** A horizontal band from one time to another (a stage on the stage timeline). */
    Svg band(Instant from, Instant to, double lo, double hi, String cssClass, String label) {
        double x0 = x(from);
        double w = Math.max(2, x(to) - x0);
        b.append(String.format(Locale.ROOT, "<g class=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                        + "<text x=\"%.1f\" y=\"%.1f\">%s</text><title>%s</title></g>", cssClass, x0, y(hi), w,
                y(lo) - y(hi), x0 + 3, (y(lo) + y(hi)) / 2 + 4, w > 60 ? Html.escape(label) : "",
                Html.escape(label + " from " + from + " to " + to)));
        return this;
    }

    String render() {
        return b + "</svg>";
    }
}
