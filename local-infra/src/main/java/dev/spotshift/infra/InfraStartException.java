package dev.spotshift.infra;

/** Local infrastructure could not be started; the message says what failed and where to look. */
public class InfraStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InfraStartException(String message) {
        super(message);
    }

    public InfraStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
