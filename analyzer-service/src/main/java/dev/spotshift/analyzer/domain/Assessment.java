package dev.spotshift.analyzer.domain;

import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;

/** The analyzer's answer to one plan: an opportunity, or a rejection with every reason. */
public sealed interface Assessment {

    record Opportunity(OpportunityAssessed event) implements Assessment {}

    record Rejection(PlanRejected event) implements Assessment {}
}
