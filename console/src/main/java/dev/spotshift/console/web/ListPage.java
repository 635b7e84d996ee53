package dev.spotshift.console.web;

import static dev.spotshift.console.web.Html.esc;

import dev.spotshift.console.domain.KillSwitchState;
import dev.spotshift.console.domain.PlanView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every migration the console knows: live ones first, each row linking to its plan page. */
final class ListPage {

    private ListPage() {}

    static String page(List<PlanView> plans, Instant now, long skipped, Optional<KillSwitchState.Flip> killSwitch) {
        return Html.page("Migrations", fragment(plans, now, skipped, killSwitch), "/live", killSwitchAction());
    }

    static String fragment(List<PlanView> plans, Instant now, long skipped) {
        return fragment(plans, now, skipped, Optional.empty());
    }

    /**
     * {@code skipped}: records the console could not read (logged and counted); said, never hidden. {@code killSwitch}:
     * the switch's last flip, with who flipped it, when and why (absent: never flipped on this log).
     */
    static String fragment(List<PlanView> plans, Instant now, long skipped, Optional<KillSwitchState.Flip> killSwitch) {
        long live = plans.stream().filter(p -> !p.progress().terminal()).count();
        StringBuilder b = new StringBuilder(4096);
        b.append("<h1>Migrations</h1>");
        killSwitch.ifPresent(f -> b.append("<p id=\"kill-switch\" data-engaged=\"").append(f.engaged()).append("\" class=\"")
                .append(f.engaged() ? "fail" : "muted").append("\">kill switch ")
                .append(f.engaged() ? "<strong>ENGAGED</strong>: no new shift starts, running ones go back to on-demand"
                        : "released")
                .append(" · by <span id=\"kill-switch-operator\">").append(esc(f.operator())).append("</span> ")
                .append(Html.duration(Duration.between(f.at(), now))).append(" ago")
                .append(f.reason() == null || f.reason().isBlank() ? "" : " · " + esc(f.reason())).append("</p>"));
        b.append("<p class=\"muted\" id=\"counts\">").append(live).append(" live, ")
                .append(plans.size() - live).append(" finished");
        if (skipped > 0) {
            b.append(" · <span class=\"fail\" id=\"skipped\">").append(skipped)
                    .append(" unreadable records skipped (see the console's log)</span>");
        }
        b.append("</p>");
        if (plans.isEmpty()) {
            return b.append("<p class=\"muted\" id=\"empty\">No migration yet: submit a plan with ")
                    .append("<code>spotshift plan submit FILE</code>.</p>").toString();
        }
        b.append("<table id=\"plans\"><tr><th>plan</th><th>id</th><th>stage</th><th>spot</th><th>step</th>")
                .append("<th>saved</th><th>cost per job</th><th>rollbacks</th><th>age</th><th>updated</th></tr>");
        for (PlanView v : plans) {
            PlanView.Progress p = v.progress();
            Instant born = v.identity().submittedAt() != null ? v.identity().submittedAt()
                    : v.stages().isEmpty() ? p.updatedAt() : v.stages().get(0).at();
            int steps = p.stepsPercent().size();
            b.append("<tr class=\"plan\" data-plan=\"").append(esc(v.planId())).append("\" data-stage=\"")
                    .append(esc(p.stage())).append("\" data-spot=\"").append(p.spotPercent()).append("\"><td><a href=\"/plans/")
                    .append(esc(v.planId())).append("\">").append(esc(PlanPage.title(v))).append("</a></td><td><code>")
                    .append(esc(Html.shortId(v.planId()))).append("</code></td><td><span class=\"badge ")
                    .append(Html.stageClass(p.stage(), p.terminal())).append("\">").append(esc(p.stage()))
                    .append("</span></td><td>").append(p.spotPercent()).append(" %</td><td>")
                    .append(p.stepIndex() < 0 || steps == 0 ? "–" : (p.stepIndex() + 1) + "/" + steps).append("</td><td>")
                    .append(Html.money(v.money().savingsMicros())).append("</td><td>")
                    .append(Html.perJob(v.money().costPerJobMicros())).append("</td><td>").append(v.rollbacks().size())
                    .append("</td><td>").append(Html.duration(Duration.between(born, now))).append("</td><td>")
                    .append(Html.duration(Duration.between(p.updatedAt(), now))).append(" ago</td></tr>");
        }
        return b.append("</table>").toString();
    }

    /**
     * The kill switch's two buttons: each posts to {@code /api/kill-switch} with the bearer token pasted here (kept for
     * the tab's session, as on a plan's page), which must carry spotshift-operate. Outside the live part, so a re-render
     * keeps what is typed; the switch's state above is the log's, not the button's.
     */
    static String killSwitchAction() {
        return "<section id=\"kill-switch-action\"><h2>Kill switch</h2><div class=\"muted\">engaged: no new shift starts and "
                + "running ones go back to on-demand; needs a bearer token with the spotshift-operate role</div><p><label>"
                + "token <input id=\"token\" type=\"password\" size=\"40\" autocomplete=\"off\"></label> <label>reason "
                + "<input id=\"reason\" size=\"30\"></label></p><p><button data-engaged=\"true\" class=\"danger\">Engage"
                + "</button> <button data-engaged=\"false\">Release</button></p><p id=\"action-result\" role=\"status\"></p>"
                + "</section><script>(function(){var t=document.getElementById('token');"
                + "t.value=sessionStorage.getItem('spotshift-token')||'';var out=document.getElementById('action-result');"
                + "document.querySelectorAll('#kill-switch-action button').forEach(function(btn){btn.onclick=function(){"
                + "sessionStorage.setItem('spotshift-token',t.value);out.textContent='sending…';out.dataset.status='';"
                + "fetch('/api/kill-switch',{method:'POST',headers:{'Content-Type':'application/json','Authorization':"
                + "'Bearer '+t.value},body:JSON.stringify({engaged:btn.dataset.engaged==='true',reason:"
                + "document.getElementById('reason').value||null})}).then(function(r){return r.json().catch(function(){"
                + "return {};}).then(function(j){out.dataset.status=r.status;out.textContent=r.ok?'kill switch '+"
                + "(j.engaged?'engaged':'released')+' by '+j.operator+' (event '+j.eventId+')':r.status+' '+(j.title||'')"
                + "+': '+(j.detail||'');});}).catch(function(e){out.dataset.status='error';out.textContent='not sent: '+e;});"
                + "};});})();</script>";
    }

    static String notFound(String planId) {
        return Html.page("Not found", "<h1>No such migration</h1><p id=\"not-found\">The console knows no plan <code>"
                + esc(planId) + "</code>. It may be older than the topics' retention, or not submitted yet.</p>"
                + "<p><a href=\"/\">← all migrations</a></p>", null);
    }
}
