package dev.spotshift.schemas.plan;

import dev.spotshift.events.Reason;

/**
 * One thing wrong with a plan, located so a person can find it: the field path in the plan
 * format's vocabulary (e.g. {@code workloads[1].region}, {@code rollout.stepsPercent[2]}) and,
 * when the plan came from a file, the 1-based line and column. Line 0 means "not from a file"
 * (a plan that arrived as an event has paths but no lines).
 */
public record PlanError(String path, int line, int column, String code, String message) {

    public static PlanError at(String path, String code, String message) {
        return new PlanError(path, 0, 0, code, message);
    }

    public boolean hasLine() {
        return line > 0;
    }

    public PlanError withPath(String newPath) {
        return new PlanError(newPath, line, column, code, message);
    }

    public PlanError locatedAt(int newLine, int newColumn) {
        return new PlanError(path, newLine, newColumn, code, message);
    }

    /** {@code rollout.stepsPercent[2] (14:23)}, or the path alone when there is no line. */
    public String location() {
        String p = path == null || path.isEmpty() ? "<document>" : path;
        return hasLine() ? p + " (" + line + ":" + column + ")" : p;
    }

    public Reason toReason() {
        return Reason.newBuilder().setCode(code).setMessage(message).setLocation(location()).build();
    }

    @Override
    public String toString() {
        return location() + " " + code + ": " + message;
    }
}
