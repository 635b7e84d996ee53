package dev.spotshift.console.web;

import static dev.spotshift.console.web.Html.esc;

import dev.spotshift.console.domain.PlanView;
import dev.spotshift.console.domain.PlanView.Measured;
import dev.spotshift.console.domain.PlanView.Note;
import dev.spotshift.console.domain.PlanView.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plan: stage and step bar, money, metrics against thresholds, gate verdicts, rollbacks with their evidence,
 * interruptions and replacements, and the audit report. Steps are shown 1-based, as everywhere people read them.
 */
final class PlanPage {

    private PlanPage() {}

    static String page(PlanView v, Instant now) {
        String url = "/plans/" + v.planId();
        return Html.page(title(v), fragment(v, now), url + "/live", actions(v.planId()));
    }

    /**
     * The operator actions: each posts to {@code /api/plans/{planId}/actions/{action}} with the bearer token pasted
     * here (kept for the tab's session only), which must carry spotshift-operate; the answer, or its problem's
     * detail, is shown below the buttons. Outside the live part, so a re-render keeps what is typed.
     */
    static String actions(String planId) {
        // The address goes through an attribute (HTML-escaped, read back as text), never into the script's source.
        String api = "/api/plans/" + esc(planId) + "/actions/";
        return "<section id=\"actions\" data-api=\"" + api + "\"><h2>Operator actions</h2><div class=\"muted\">need a bearer token with the "
                + "spotshift-operate role</div><p><label>token <input id=\"token\" type=\"password\" size=\"40\" "
                + "autocomplete=\"off\"></label> <label>reason <input id=\"reason\" size=\"30\"></label> "
                + "<label>gate <input id=\"gate\" type=\"number\" min=\"0\" style=\"width:4em\"></label></p><p>"
                + "<button data-action=\"pause\">Pause</button> <button data-action=\"resume\">Resume</button> "
                + "<button data-action=\"approve\">Approve gate</button> <button data-action=\"retry\">Retry</button> "
                + "<button data-action=\"failover\">Fail over to the backup region</button> "
                + "<button data-action=\"abort\" class=\"danger\">Abort</button></p>"
                + "<p id=\"action-result\" role=\"status\"></p></section>"
                + "<script>(function(){var t=document.getElementById('token');t.value=sessionStorage.getItem('spotshift-token')||'';"
                + "var out=document.getElementById('action-result');"
                + "document.querySelectorAll('#actions button').forEach(function(btn){btn.onclick=function(){"
                + "sessionStorage.setItem('spotshift-token',t.value);var g=document.getElementById('gate').value;"
                + "var body={reason:document.getElementById('reason').value||null,gate:g===''?null:parseInt(g,10)};"
                + "out.textContent='sending…';out.dataset.status='';"
                + "fetch(document.getElementById('actions').dataset.api+btn.dataset.action,{method:'POST',headers:{'Content-Type':'application/json',"
                + "'Authorization':'Bearer '+t.value},body:JSON.stringify(body)}).then(function(r){return r.json()"
                + ".catch(function(){return {};}).then(function(j){out.dataset.status=r.status;out.textContent=r.ok?"
                + "j.action+' sent by '+j.operator+' (event '+j.eventId+')':r.status+' '+(j.title||'')+': '+(j.detail||'');});})"
                + ".catch(function(e){out.dataset.status='error';out.textContent='not sent: '+e;});};});})();</script>";
    }

    static String title(PlanView v) {
        return v.identity().planName() == null ? v.planId() : v.identity().planName();
    }

    static String fragment(PlanView v, Instant now) {
        PlanView.Progress p = v.progress();
        StringBuilder b = new StringBuilder(16384);
        b.append("<p><a href=\"/\">← all migrations</a></p><h1>").append(esc(title(v))).append(" <span class=\"badge ")
                .append(Html.stageClass(p.stage(), p.terminal())).append("\" id=\"stage\" data-stage=\"")
                .append(esc(p.stage())).append("\">").append(esc(p.stage())).append("</span></h1>");
        b.append("<div class=\"muted\">plan <code id=\"plan-id\">").append(esc(v.planId())).append("</code> · workload ")
                .append(esc(v.identity().workload())).append(v.identity().mode() == null ? "" : " · mode "
                        + esc(v.identity().mode())).append(" · updated ").append(Html.duration(Duration.between(
                        p.updatedAt(), now))).append(" ago · in ").append(esc(p.stage())).append(" for ")
                .append(Html.duration(Duration.between(p.stageSince(), now)));
        if (p.stageBudget() != null) {
            b.append(" (expected under ").append(Html.duration(p.stageBudget())).append(')');
        }
        b.append(" · <a id=\"audit-link\" href=\"/plans/").append(esc(v.planId())).append("/audit\">audit report</a></div>");
        cards(b, v);
        stepBar(b, v);
        reasons(b, v.reasons());
        b.append("<h2>Metrics against thresholds</h2><div class=\"charts\">");
        v.series().forEach(s -> b.append(Charts.chart(s)));
        b.append("</div>");
        verdicts(b, v.verdicts());
        rollbacks(b, v);
        interruptions(b, v);
        stages(b, v);
        return b.toString();
    }

    private static void cards(StringBuilder b, PlanView v) {
        PlanView.Money m = v.money();
        b.append("<div class=\"cards\"><div class=\"card\">spot share<b id=\"spot\" data-spot=\"")
                .append(v.progress().spotPercent()).append("\">").append(v.progress().spotPercent()).append(" %</b></div>")
                .append("<div class=\"card\">saved<b id=\"savings\">").append(Html.money(m.savingsMicros())).append("</b>")
                .append(Html.number(m.savingsPercent())).append(" % vs on-demand</div>")
                .append("<div class=\"card\">cost per job<b id=\"cost-per-job\">").append(Html.perJob(m.costPerJobMicros()))
                .append("</b>baseline ").append(Html.perJob(m.baselineCostPerJobMicros())).append("</div>")
                .append("<div class=\"card\">jobs<b>").append(Html.number(m.jobsCompleted())).append("</b>")
                .append(Html.number(m.jobsFailed())).append(" failed</div>")
                .append("<div class=\"card\">rollbacks<b id=\"rollback-count\">").append(v.rollbacks().size())
                .append("</b>interruptions ").append(v.interruptions().size()).append("</div>");
        if (m.leakingInstances() > 0) {
            b.append("<div class=\"card bad\" id=\"leaking\">still running after the end<b>")
                    .append(m.leakingInstances()).append("</b>instances the reaper did not terminate</div>");
        }
        b.append("</div>");
    }

    private static void stepBar(StringBuilder b, PlanView v) {
        PlanView.Progress p = v.progress();
        List<Integer> steps = p.stepsPercent();
        b.append("<h2>Steps</h2>");
        if (steps.isEmpty()) {
            b.append("<div class=\"muted\">no rollout steps yet</div>");
            return;
        }
        b.append("<div class=\"steps\" id=\"steps\">");
        for (int i = 0; i < steps.size(); i++) {
            boolean filled = p.spotPercent() >= steps.get(i);
            boolean reached = i <= p.stepIndex();
            String cls = "step" + (filled ? " filled" : reached ? " back" : "") + (i == p.stepIndex() && !p.terminal()
                    ? " current" : "");
            b.append("<div class=\"").append(cls).append("\" data-step=\"").append(i + 1).append("\">step ").append(i + 1)
                    .append(" · ").append(steps.get(i)).append(" %<br>").append(gate(v.verdicts(), i)).append("</div>");
        }
        b.append("</div>");
    }

    private static String gate(List<Verdict> verdicts, int step) {
        for (int i = verdicts.size() - 1; i >= 0; i--) {
            if (verdicts.get(i).stepIndex() == step) {
                String r = verdicts.get(i).result();
                return "<span class=\"" + ("PASS".equals(r) ? "pass" : "fail") + "\">gate " + esc(r) + "</span>";
            }
        }
        return "<span class=\"muted\">gate –</span>";
    }

    private static void reasons(StringBuilder b, List<Note> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        b.append("<h2>Why</h2><ul id=\"reasons\">");
        for (Note n : reasons) {
            b.append("<li><b>").append(esc(n.code())).append("</b> ").append(esc(n.message()));
            if (n.location() != null) {
                b.append(" <span class=\"muted\">at ").append(esc(n.location())).append("</span>");
            }
            b.append("</li>");
        }
        b.append("</ul>");
    }

    private static void verdicts(StringBuilder b, List<Verdict> verdicts) {
        b.append("<h2>Gate verdicts</h2>");
        if (verdicts.isEmpty()) {
            b.append("<div class=\"muted\">none yet</div>");
            return;
        }
        b.append("<table id=\"verdicts\"><tr><th>step</th><th>result</th><th>window</th><th>samples</th>")
                .append("<th>measurements</th></tr>");
        for (Verdict v : verdicts) {
            // stepIndex -1: the success criteria judged over the validation period, not a step's gate
            b.append("<tr><td>").append(v.stepIndex() < 0 ? "validation period" : String.valueOf(v.stepIndex() + 1))
                    .append("</td><td class=\"")
                    .append("PASS".equals(v.result()) ? "pass" : "fail").append("\">").append(esc(v.result()))
                    .append(" <span class=\"muted\">confidence ").append(Html.number(v.confidence()))
                    .append("</span></td><td>")
                    .append(Html.clock(v.windowStart())).append("–").append(Html.clock(v.windowEnd())).append("</td><td>")
                    .append(v.samples()).append("</td><td>").append(measurements(v.measurements())).append("</td></tr>");
        }
        b.append("</table>");
    }

    static String measurements(List<Measured> ms) {
        if (ms.isEmpty()) {
            return "<span class=\"muted\">–</span>";
        }
        StringBuilder b = new StringBuilder("<table class=\"evidence\">");
        for (Measured m : ms) {
            b.append("<tr><td>").append(esc(m.metric())).append("</td><td class=\"").append(m.passed() ? "pass" : "fail")
                    .append("\">").append(Html.number(m.observed())).append("</td><td>").append(comparator(m.comparator()))
                    .append(' ').append(Html.number(m.threshold())).append("</td><td class=\"muted\">")
                    .append(m.baseline() == null ? "" : "baseline " + Html.number(m.baseline())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String comparator(String c) {
        return switch (c) {
            case "LESS_THAN" -> "&lt;";
            case "LESS_OR_EQUAL" -> "≤";
            case "GREATER_THAN" -> "&gt;";
            case "GREATER_OR_EQUAL" -> "≥";
            default -> "?";
        };
    }

    private static void rollbacks(StringBuilder b, PlanView v) {
        b.append("<h2>Rollbacks</h2>");
        if (v.rollbacks().isEmpty()) {
            b.append("<div class=\"muted\">none</div>");
            return;
        }
        b.append("<table id=\"rollbacks\"><tr><th>at</th><th>level</th><th>trigger</th><th>spot</th><th>reason</th>")
                .append("<th>evidence</th></tr>");
        for (PlanView.Rollback r : v.rollbacks()) {
            b.append("<tr class=\"rollback\"><td>").append(Html.clock(r.at())).append("</td><td>").append(esc(r.level()))
                    .append("</td><td class=\"fail\">").append(esc(r.trigger())).append("</td><td>")
                    .append(r.fromSpotPercent()).append(" % → ").append(r.toSpotPercent()).append(" %</td><td>")
                    .append(esc(r.reason())).append("</td><td>").append(measurements(r.evidence()));
            if (r.windowStart() != null) {
                b.append("<div class=\"muted\">window ").append(Html.clock(r.windowStart())).append("–")
                        .append(Html.clock(r.windowEnd())).append("</div>");
            }
            b.append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void interruptions(StringBuilder b, PlanView v) {
        b.append("<h2>Interruptions and replacements</h2>");
        if (v.interruptions().isEmpty() && v.replacements().isEmpty()) {
            b.append("<div class=\"muted\">none</div>");
            return;
        }
        b.append("<table id=\"interruptions\"><tr><th>notice</th><th>kind</th><th>instance</th><th>deadline</th>")
                .append("<th>checkpoint</th></tr>");
        for (PlanView.Interruption i : v.interruptions()) {
            b.append("<tr><td>").append(Html.clock(i.noticeAt())).append("</td><td>").append(esc(i.kind()))
                    .append("</td><td>").append(esc(i.instanceId())).append(" <span class=\"muted\">")
                    .append(esc(i.instanceType())).append(' ').append(esc(i.zone())).append("</span></td><td>")
                    .append(Html.clock(i.deadline())).append("</td><td>")
                    .append(i.checkpoint() == null ? "<span class=\"muted\">–</span>" : esc(i.checkpoint()))
                    .append("</td></tr>");
        }
        b.append("</table><table id=\"replacements\"><tr><th>at</th><th>interrupted</th><th>replacement</th>")
                .append("<th>capacity</th><th>state validated</th><th>within notice</th></tr>");
        for (PlanView.Replacement r : v.replacements()) {
            b.append("<tr><td>").append(Html.clock(r.at())).append("</td><td>").append(esc(r.interrupted()))
                    .append("</td><td>").append(esc(r.replacement())).append("</td><td>").append(esc(r.lifecycle()))
                    .append(' ').append(esc(r.instanceType())).append(' ').append(esc(r.zone())).append("</td><td>")
                    .append(r.stateValidated() ? "yes" : "<span class=\"fail\">no</span>").append("</td><td>")
                    .append(r.withinNotice() ? "yes" : "<span class=\"fail\">no</span>").append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void stages(StringBuilder b, PlanView v) {
        b.append("<h2>Stages</h2><table id=\"stages\"><tr><th>stage</th><th>since</th></tr>");
        for (PlanView.StageEntry s : v.stages()) {
            b.append("<tr><td>").append(esc(s.stage())).append("</td><td>").append(Html.clock(s.at())).append("</td></tr>");
        }
        b.append("</table>");
    }
}
