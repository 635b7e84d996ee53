package dev.spotshift.audit;

import java.util.List;

/** What the verifier found for one plan; it passes when no finding is an error. */
public record Verification(String planId, List<Finding> findings) {

    public Verification {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.stream().noneMatch(Finding::isError);
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }
}
