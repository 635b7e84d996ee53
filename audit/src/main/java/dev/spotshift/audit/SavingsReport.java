package dev.spotshift.audit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** {@link FleetSavings} as a table for a terminal and as one self-contained HTML page (inline SVG, nothing fetched). */
public final class SavingsReport {

    private SavingsReport() {}

    public static void print(FleetSavings f, PrintWriter out) {
        out.printf("%-28s %5s %14s %14s %14s %8s %14s %14s %8s %9s%n", "service", "plans", "cost USD", "on-demand USD",
                "saved USD", "saved %", "USD per job", "baseline/job", "% of bl", "spot h %");
        for (FleetSavings.ServiceFigures s : f.services()) {
            row(s, out);
        }
        row(f.total(), out);
        out.printf("outcomes: %s%n", f.outcomes());
        FleetSavings.Interruptions i = f.interruptions();
        out.printf("interruptions handled: %d%s%n", i.handled(), i.recoveries().isEmpty() ? ""
                : String.format(Locale.ROOT, "; recovery (notice to replacement) median %s, longest %s over %d",
                        seconds(i.median()), seconds(i.longest()), i.recoveries().size()));
        if (!f.overTime().isEmpty()) {
            out.println("spot vs on-demand capacity-hours over time:");
            for (FleetSavings.HoursBucket b : f.overTime()) {
                double all = b.spotHours() + b.onDemandHours();
                out.printf(Locale.ROOT, "  %s  spot %.4f h  on-demand %.4f h  (%.0f %% spot)%n", b.start(), b.spotHours(),
                        b.onDemandHours(), all == 0 ? 0 : 100 * b.spotHours() / all);
            }
        }
        out.flush();
    }

    private static void row(FleetSavings.ServiceFigures s, PrintWriter out) {
        out.printf(Locale.ROOT, "%-28s %5d %14s %14s %14s %8.1f %14s %14s %8s %9.1f%n", s.service(), s.plans(),
                usd(s.costMicros()), usd(s.onDemandCostMicros()), usd(s.savingsMicros()), s.savingsPercent(),
                s.costPerJobMicros() == null ? "-" : usd(s.costPerJobMicros()),
                s.baselineCostPerJobMicros() == null ? "-" : usd(s.baselineCostPerJobMicros()),
                s.costPerJobPercentOfBaseline() == null ? "-" : String.format(Locale.ROOT, "%.0f", s.costPerJobPercentOfBaseline()),
                s.spotHoursPercent());
    }

    static String usd(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1_000_000.0);
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    public static String html(FleetSavings f) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Spotshift fleet savings</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1000px}")
                .append("table{border-collapse:collapse;width:100%;font-size:12px}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}tr.total td{font-weight:bold;border-top:2px solid #888}")
                .append(".spot{fill:#1a73e8}.od{fill:#f29900}svg text{font-size:11px;fill:#39404d}")
                .append("</style></head><body><h1>Fleet savings</h1>");
        b.append("<p>Savings = what the capacity would have cost on-demand less what it cost, summed from every plan's cost account.</p>");
        b.append("<table><tr><th>service</th><th>plans</th><th>cost USD</th><th>on-demand USD</th><th>saved USD</th><th>saved %</th>")
                .append("<th>USD per job</th><th>baseline per job</th><th>% of baseline</th><th>spot hours %</th></tr>");
        for (FleetSavings.ServiceFigures s : f.services()) {
            htmlRow(s, "", b);
        }
        htmlRow(f.total(), "total", b);
        b.append("</table><h2>Migrations</h2><p>");
        f.outcomes().forEach((k, v) -> b.append(Html.escape(k)).append(": <b>").append(v).append("</b> &nbsp; "));
        FleetSavings.Interruptions i = f.interruptions();
        b.append("</p><h2>Interruptions</h2><p>handled: <b>").append(i.handled()).append("</b>");
        if (!i.recoveries().isEmpty()) {
            b.append("; recovery from notice to replacement: median ").append(seconds(i.median())).append(", longest ")
                    .append(seconds(i.longest()));
        }
        b.append("</p><h2>Spot vs on-demand capacity-hours over time</h2>").append(bars(f)).append("</body></html>\n");
        return b.toString();
    }

    private static void htmlRow(FleetSavings.ServiceFigures s, String cls, StringBuilder b) {
        b.append("<tr class=\"").append(cls).append("\"><td>").append(Html.escape(s.service())).append("</td><td>").append(s.plans())
                .append("</td><td>").append(usd(s.costMicros())).append("</td><td>").append(usd(s.onDemandCostMicros()))
                .append("</td><td>").append(usd(s.savingsMicros())).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1f", s.savingsPercent())).append("</td><td>")
                .append(s.costPerJobMicros() == null ? "-" : usd(s.costPerJobMicros())).append("</td><td>")
                .append(s.baselineCostPerJobMicros() == null ? "-" : usd(s.baselineCostPerJobMicros())).append("</td><td>")
                .append(s.costPerJobPercentOfBaseline() == null ? "-" : String.format(Locale.ROOT, "%.0f", s.costPerJobPercentOfBaseline()))
                .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", s.spotHoursPercent())).append("</td></tr>");
    }

    /** One stacked bar per bucket: spot (blue) under on-demand (orange), scaled to the fullest bucket. */
    private static String bars(FleetSavings f) {
        if (f.overTime().isEmpty()) {
            return "<p>no samples</p>";
        }
        int w = 960;
        int h = 200;
        double max = f.overTime().stream().mapToDouble(x -> x.spotHours() + x.onDemandHours()).max().orElse(1);
        double bw = (double) w / f.overTime().size();
        StringBuilder s = new StringBuilder("<svg width=\"" + w + "\" height=\"" + (h + 20) + "\" role=\"img\">");
        for (int k = 0; k < f.overTime().size(); k++) {
            FleetSavings.HoursBucket x = f.overTime().get(k);
            double spot = max == 0 ? 0 : h * x.spotHours() / max;
            double od = max == 0 ? 0 : h * x.onDemandHours() / max;
            double left = k * bw + 1;
            s.append(String.format(Locale.ROOT, "<rect class=\"spot\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s spot %.4f h</title></rect>",
                    left, h - spot, Math.max(bw - 2, 1), spot, x.start(), x.spotHours()));
            s.append(String.format(Locale.ROOT, "<rect class=\"od\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s on-demand %.4f h</title></rect>",
                    left, h - spot - od, Math.max(bw - 2, 1), od, x.start(), x.onDemandHours()));
        }
        s.append("<text x=\"0\" y=\"").append(h + 15).append("\">").append(f.overTime().get(0).start()).append("</text></svg>");
        return s.toString();
    }
}
