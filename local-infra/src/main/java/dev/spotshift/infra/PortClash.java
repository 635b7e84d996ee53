package dev.spotshift.infra;

/** A child could not bind a port it was given; the process classes retry with fresh ports when they picked them. */
final class PortClash extends InfraStartException {

    private static final long serialVersionUID = 1L;

    PortClash(String message) {
        super(message);
    }
}
