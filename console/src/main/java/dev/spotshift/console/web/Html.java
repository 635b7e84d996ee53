package dev.spotshift.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping, units and the page frame shared by the console's pages. Fragments carry no line breaks (SSE data). */
final class Html {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Text and attribute values; a line break becomes a character reference so a fragment stays one line. */
    static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append("&#10;");
                case '\r' -> { }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Micro-dollars as dollars, with more digits for the sub-cent amounts a demo-speed plan has. */
    static String money(long micros) {
        double dollars = micros / 1e6;
        return Math.abs(dollars) >= 1 ? String.format(Locale.ROOT, "$%,.2f", dollars)
                : String.format(Locale.ROOT, "$%.4f", dollars);
    }

    static String perJob(Long micros) {
        return micros == null ? "–" : String.format(Locale.ROOT, "$%.6f", micros / 1e6);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    static String clock(Instant at) {
        return at == null ? "–" : CLOCK.format(at);
    }

    static String day(Instant at) {
        return at == null ? "–" : DAY.format(at);
    }

    /** "3s", "4m 05s", "2h 10m", "3d 4h": how long ago, in the largest two units that matter. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %dh", s / 86400, (s % 86400) / 3600);
    }

    /** As `spotshift status` shows it: the first 8 characters of the hash after the planId's last dot. */
    static String shortId(String planId) {
        int dot = planId.lastIndexOf('.');
        String tail = dot < 0 ? planId : planId.substring(dot + 1);
        return tail.length() <= 8 ? tail : tail.substring(0, 8);
    }

    static String stageClass(String stage, boolean terminal) {
        return switch (stage) {
            case "COMPLETED" -> "ok";
            case "ROLLED_BACK", "ROLLING_BACK", "FAILED", "ABORTED", "PREFLIGHT_FAILED", "REJECTED", "DECLINED",
                 "CRITERIA_MISSED" -> "bad";
            case "PAUSED", "AWAITING_APPROVAL" -> "hold";
            default -> terminal ? "done" : "live";
        };
    }

    /** A whole page: the frame, the first render of its live part, and the script that keeps it live. */
    static String page(String title, String body, String liveUrl) {
        return page(title, body, liveUrl, "");
    }

    /** A whole page with {@code tail} after the live part: kept as it is when the stream re-renders the live part. */
    static String page(String title, String body, String liveUrl, String tail) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · Spotshift</title><style>").append(CSS)
                .append("</style></head><body><header><a class=\"brand\" href=\"/\">Spotshift</a>")
                .append("<span class=\"sub\">live console</span>")
                .append("<span id=\"conn\" class=\"conn\" data-state=\"connecting\">connecting…</span></header>")
                .append("<main id=\"live\">").append(body).append("</main>").append(tail);
        if (liveUrl != null) {
            b.append("<script>(function(){var conn=document.getElementById('conn');")
                    .append("var es=new EventSource('").append(esc(liveUrl)).append("');")
                    .append("es.onopen=function(){conn.textContent='live';conn.dataset.state='live';};")
                    .append("es.onmessage=function(e){document.getElementById('live').innerHTML=e.data;")
                    .append("conn.textContent='live';conn.dataset.state='live';};")
                    .append("es.onerror=function(){conn.textContent='reconnecting…';conn.dataset.state='reconnecting';};")
                    .append("})();</script>");
        }
        return b.append("</body></html>\n").toString();
    }

    private static final String CSS = String.join("",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f5f6f8}",
            "header{display:flex;gap:16px;align-items:baseline;padding:12px 24px;background:#1d2330;color:#fff}",
            ".brand{color:#fff;font-weight:700;font-size:18px;text-decoration:none}.sub{color:#aab}",
            ".conn{margin-left:auto;font-size:12px;color:#aab}.conn[data-state=live]{color:#7ddc8b}",
            "main{padding:16px 24px;max-width:1200px}h1{font-size:20px;margin:4px 0}h2{font-size:15px;margin:18px 0 6px}",
            "table{border-collapse:collapse;background:#fff;width:100%}td,th{padding:5px 8px;border-bottom:1px solid #e3e5ea;",
            "text-align:left;vertical-align:top}th{font-weight:600;color:#555;font-size:12px}",
            ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}",
            ".ok{background:#d8f3dc;color:#1b5e20}.bad{background:#fde0dc;color:#8e1b10}.hold{background:#fff1c2;color:#6b4e00}",
            ".live{background:#dde8ff;color:#1a3c8f}.done{background:#e6e6e6;color:#444}",
            ".pass{color:#1b5e20;font-weight:600}.fail{color:#b3261e;font-weight:600}.muted{color:#777}",
            ".steps{display:flex;gap:4px;margin:8px 0}.step{flex:1;background:#e3e5ea;border-radius:4px;padding:6px;",
            "text-align:center;font-size:12px}.step.filled{background:#4f7cff;color:#fff}.step.current{outline:2px solid #1a3c8f}",
            ".step.back{background:#f4b4ac}.cards{display:flex;gap:12px;flex-wrap:wrap}",
            ".card{background:#fff;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:20px}",
            ".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{background:#fff;border-radius:6px;padding:6px 10px}",
            ".chart svg{display:block}.evidence td{font-size:12px}a{color:#1a3c8f}");
}
