package dev.spotshift.executor.domain;

/** What a person can do to one plan; mirrors the contract's {@code OperatorAction}. */
public enum OperatorAction { ABORT, PAUSE, RESUME, APPROVE_GATE, ROLLBACK_STEP, ROLLBACK_PHASE, ROLLBACK_FULL,
    /** Move the plan's spot share to its backup region's group now, the primary to on-demand (fail back: RESUME). */
    FAILOVER }
