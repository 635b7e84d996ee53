package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.Opinion.reason;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.DeadlineOutcome;
import dev.spotshift.events.Reason;
import dev.spotshift.events.VoteVerdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a plan's {@link ApprovalPolicy} to the votes so far.
 * <ul>
 *   <li>UNANIMOUS: every agent approves. An unknown rule is read as UNANIMOUS, the strictest.</li>
 *   <li>QUORUM: at least {@code quorum} agents approve.</li>
 *   <li>MIN_CONFIDENCE: every agent approves with a confidence of at least {@code minConfidence}.</li>
 * </ul>
 * A rejection is decided as soon as approval has become impossible (an early REJECT under UNANIMOUS
 * decides at once); an approval waits for every vote, so the decision carries every agent's say.
 * At the deadline a missing vote counts as a REJECT, or, with {@code DECIDE_ON_VOTES_SO_FAR}, the
 * votes that did arrive decide.
 */
public final class ApprovalRules {

    private ApprovalRules() {}

    /** Empty while the outcome is still open and the deadline has not passed. */
    public static Optional<Verdict> evaluate(ApprovalPolicy policy, List<String> planTypes, List<AgentVote> votes,
                                             Set<AgentKind> expected, boolean deadlinePassed) {
        ApprovalRule rule = policy.getRule() == ApprovalRule.UNKNOWN_RULE ? ApprovalRule.UNANIMOUS : policy.getRule();
        List<AgentKind> missing = expected.stream().filter(a -> votes.stream().noneMatch(v -> v.getAgent() == a)).toList();
        long approvals = votes.stream().filter(v -> approves(rule, policy, v)).count();
        boolean soFar = deadlinePassed && policy.getOnDeadline() == DeadlineOutcome.DECIDE_ON_VOTES_SO_FAR;
        int required = required(rule, policy, soFar ? votes.size() : expected.size());

        DecisionBasis basis;
        if (deadlinePassed) {
            basis = DecisionBasis.DEADLINE;
        } else if (approvals + missing.size() < required) {
            basis = missing.isEmpty() ? DecisionBasis.ALL_VOTES : DecisionBasis.EARLY_REJECT;
        } else if (missing.isEmpty()) {
            basis = DecisionBasis.ALL_VOTES;
        } else {
            return Optional.empty();
        }
        boolean approved = approvals >= required && !(soFar && votes.isEmpty());

        List<Reason> reasons = new ArrayList<>();
        reasons.add(summary(rule, policy, approved, approvals, required, votes));
        votes.stream().filter(v -> !approves(rule, policy, v)).forEach(v -> reasons.addAll(why(rule, policy, v)));
        for (AgentKind agent : missing) {
            reasons.add(reason("TIMED_OUT", String.format(Locale.ROOT,
                    "The %s agent did not vote within the %d s deadline; %s.", name(agent),
                    policy.getDeadlineMillis() / 1000, soFar ? "decided on the votes that arrived" : "counted as a rejection"),
                    "approval.deadlineMillis"));
        }

        List<String> types = approved ? commonTypes(planTypes, votes) : List.of();
        if (approved && types.isEmpty()) {
            approved = false;
            reasons.add(reason("NO_COMMON_INSTANCE_TYPE",
                    "The approving agents recommend no instance type in common, so there is nothing to run on.",
                    "spot.instanceTypes"));
        }
        return Optional.of(new Verdict(approved ? DecisionOutcome.APPROVED : DecisionOutcome.DECLINED, basis, rule,
                missing, reasons, types));
    }

    private static boolean approves(ApprovalRule rule, ApprovalPolicy policy, AgentVote v) {
        return v.getVerdict() == VoteVerdict.APPROVE
                && (rule != ApprovalRule.MIN_CONFIDENCE || v.getConfidence() >= policy.getMinConfidence());
    }

    private static int required(ApprovalRule rule, ApprovalPolicy policy, int voters) {
        if (rule == ApprovalRule.QUORUM) {
            return Math.max(1, policy.getQuorum());
        }
        return Math.max(1, voters);
    }

    private static Reason summary(ApprovalRule rule, ApprovalPolicy policy, boolean approved, long approvals,
                                  int required, List<AgentVote> votes) {
        String tally = votes.stream()
                .map(v -> String.format(Locale.ROOT, "%s %s %.2f", name(v.getAgent()), v.getVerdict().name().toLowerCase(Locale.ROOT),
                        v.getConfidence()))
                .reduce((a, b) -> a + ", " + b).orElse("no votes");
        String wanted = switch (rule) {
            case QUORUM -> "at least " + required + " approvals";
            case MIN_CONFIDENCE -> String.format(Locale.ROOT, "%d approvals with confidence >= %.2f", required, policy.getMinConfidence());
            default -> required + " of " + required + " approvals";
        };
        return reason(approved ? "POLICY_MET" : "POLICY_NOT_MET", String.format(Locale.ROOT,
                "%s policy %s: %d approval(s), needed %s (%s).", rule, approved ? "met" : "not met", approvals, wanted, tally),
                "approval.rule");
    }

    /** The voter's own reasons, said in its name, so the decision reads on its own in an audit. */
    private static List<Reason> why(ApprovalRule rule, ApprovalPolicy policy, AgentVote v) {
        List<Reason> out = new ArrayList<>();
        if (v.getVerdict() == VoteVerdict.APPROVE) {
            out.add(reason("LOW_CONFIDENCE_APPROVAL", String.format(Locale.ROOT,
                    "The %s agent approved with confidence %.2f, below the required %.2f.", name(v.getAgent()),
                    v.getConfidence(), policy.getMinConfidence()), "approval.minConfidence"));
            return out;
        }
        for (Reason r : v.getReasons()) {
            out.add(reason(r.getCode(), "The " + name(v.getAgent()) + " agent: " + r.getMessage(), r.getLocation()));
        }
        if (v.getReasons().isEmpty()) {
            out.add(reason(v.getVerdict().name(), "The " + name(v.getAgent()) + " agent voted " + v.getVerdict() + " without reasons.", null));
        }
        return out;
    }

    /** The plan's types every approving agent can live with; an agent recommending none has no say on types. */
    private static List<String> commonTypes(List<String> planTypes, List<AgentVote> votes) {
        Set<String> types = new LinkedHashSet<>(planTypes);
        votes.stream().filter(v -> v.getVerdict() == VoteVerdict.APPROVE && !v.getRecommendedInstanceTypes().isEmpty())
                .forEach(v -> types.retainAll(v.getRecommendedInstanceTypes()));
        return List.copyOf(types);
    }

    static String name(AgentKind agent) {
        return agent.name().toLowerCase(Locale.ROOT);
    }
}
