package dev.spotshift.executor.domain;

/**
 * STEP: back to the share of the step below and hold PAUSED. PHASE: 0 % spot, plan kept PAUSED and resumable.
 * FULL: all on-demand, plan ends ROLLED_BACK. HOLD: no change either way, the plan holds PAUSED where it is (a budget
 * cap: on-demand would cost more still).
 */
public enum RollbackLevel { STEP, PHASE, FULL, HOLD }
