package dev.spotshift.executor.domain;

/** The monitor's judgement of one step's validation window. */
public enum GateResult { PASS, FAIL, INCONCLUSIVE }
