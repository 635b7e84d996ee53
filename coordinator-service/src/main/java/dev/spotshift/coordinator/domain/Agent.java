package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.OpportunityAssessed;

/** One expert on one risk of a migration. Agents share nothing, so one failing cannot change another's vote. */
public interface Agent {

    AgentKind kind();

    /** Judges an assessed plan. Must not throw for a well-formed assessment. */
    Opinion assess(OpportunityAssessed assessment);
}
