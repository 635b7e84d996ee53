package dev.spotshift.console.web;

import dev.spotshift.console.domain.PlanView.Point;
import dev.spotshift.console.domain.PlanView.Series;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A metric as a small SVG line chart with its threshold dashed and every point past it in red. */
final class Charts {

    static final int W = 340;
    static final int H = 120;
    private static final int LEFT = 44;
    private static final int BOTTOM = 18;
    private static final int TOP = 8;

    private Charts() {}

    static String chart(Series s) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<div class=\"chart\" data-metric=\"").append(Html.esc(s.metric())).append("\"><div><b>")
                .append(Html.esc(s.metric())).append("</b> <span class=\"muted\">");
        if (!s.points().isEmpty()) {
            b.append("last ").append(Html.number(s.points().get(s.points().size() - 1).value())).append(' ')
                    .append(Html.esc(s.unit()));
        }
        if (s.threshold() != null) {
            b.append(" · limit ").append(Html.number(s.threshold())).append(' ').append(Html.esc(s.unit()));
        }
        b.append("</span></div>");
        if (s.points().isEmpty()) {
            return b.append("<div class=\"muted\">no samples yet</div></div>").toString();
        }
        List<Point> pts = s.points();
        Instant t0 = pts.get(0).at();
        Instant t1 = pts.get(pts.size() - 1).at();
        double span = Math.max(1, t1.toEpochMilli() - t0.toEpochMilli());
        double max = pts.stream().mapToDouble(Point::value).max().orElse(1);
        if (s.threshold() != null) {
            max = Math.max(max, s.threshold());
        }
        max = max <= 0 ? 1 : max * 1.1;
        int plotW = W - LEFT - 6;
        int plotH = H - BOTTOM - TOP;
        b.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" role=\"img\" aria-label=\"")
                .append(Html.esc(s.metric())).append("\">");
        axis(b, max, plotW, plotH, s.unit(), t0, t1);
        StringBuilder line = new StringBuilder();
        StringBuilder breaches = new StringBuilder();
        for (Point p : pts) {
            double x = LEFT + plotW * (p.at().toEpochMilli() - t0.toEpochMilli()) / span;
            double y = TOP + plotH * (1 - p.value() / max);
            line.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            if (s.threshold() != null && p.value() > s.threshold()) {
                breaches.append("<circle class=\"breach\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                        .append("\" r=\"2.5\" fill=\"#b3261e\"/>");
            }
        }
        b.append("<polyline fill=\"none\" stroke=\"#4f7cff\" stroke-width=\"1.5\" points=\"").append(line.toString().trim())
                .append("\"/>");
        if (s.threshold() != null) {
            double y = TOP + plotH * (1 - s.threshold() / max);
            b.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y))
                    .append("\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"/>");
        }
        return b.append(breaches).append("</svg></div>").toString();
    }

    private static void axis(StringBuilder b, double max, int plotW, int plotH, String unit, Instant t0, Instant t1) {
        b.append("<g font-size=\"10\" fill=\"#777\">");
        for (double f : new double[] {0, 0.5, 1}) {
            double y = TOP + plotH * (1 - f);
            b.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(fmt(y + 3)).append("\" text-anchor=\"end\">")
                    .append(Html.esc(Html.number(max * f))).append("</text><line x1=\"").append(LEFT).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y))
                    .append("\" stroke=\"#eee\"/>");
        }
        int y = H - 4;
        b.append("<text x=\"").append(LEFT).append("\" y=\"").append(y).append("\">").append(Html.clock(t0))
                .append("</text><text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(y)
                .append("\" text-anchor=\"middle\">").append(Html.esc(unit)).append("</text><text x=\"")
                .append(LEFT + plotW).append("\" y=\"").append(y).append("\" text-anchor=\"end\">")
                .append(Html.clock(t1)).append("</text></g>");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
