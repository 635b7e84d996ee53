package dev.spotshift.monitor.domain;

/** A machine-readable code with a sentence a person can act on. */
public record Note(String code, String message) {
}
