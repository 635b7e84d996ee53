package dev.spotshift.executor.domain;

/**
 * STEP: back to the share of the step below and hold PAUSED. PHASE: 0 % spot, plan kept PAUSED and resumable.
 * FULL: all on-demand, plan ends ROLLED_BACK.
 */
public enum RollbackLevel { STEP, PHASE, FULL }
