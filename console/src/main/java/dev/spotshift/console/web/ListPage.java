package dev.spotshift.console.web;

import static dev.spotshift.console.web.Html.esc;

import dev.spotshift.console.domain.PlanView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Every migration the console knows: live ones first, each row linking to its plan page. */
final class ListPage {

    private ListPage() {}

    static String page(List<PlanView> plans, Instant now, long skipped) {
        return Html.page("Migrations", fragment(plans, now, skipped), "/live");
    }

    /** {@code skipped}: records the console could not read (logged and counted); said, never hidden. */
    static String fragment(List<PlanView> plans, Instant now, long skipped) {
        long live = plans.stream().filter(p -> !p.progress().terminal()).count();
        StringBuilder b = new StringBuilder(4096);
        b.append("<h1>Migrations</h1><p class=\"muted\" id=\"counts\">").append(live).append(" live, ")
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

    static String notFound(String planId) {
        return Html.page("Not found", "<h1>No such migration</h1><p id=\"not-found\">The console knows no plan <code>"
                + esc(planId) + "</code>. It may be older than the topics' retention, or not submitted yet.</p>"
                + "<p><a href=\"/\">← all migrations</a></p>", null);
    }
}
