package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.Reason;
import java.util.List;

/** What the policy made of the votes: the outcome, why it could be decided now, and why it came out so. */
public record Verdict(DecisionOutcome outcome, DecisionBasis basis, ApprovalRule rule,
                      List<AgentKind> missingAgents, List<Reason> reasons, List<String> instanceTypes) {

    public Verdict {
        missingAgents = List.copyOf(missingAgents);
        reasons = List.copyOf(reasons);
        instanceTypes = List.copyOf(instanceTypes);
    }
}
