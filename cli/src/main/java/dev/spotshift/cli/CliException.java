package dev.spotshift.cli;

/** A failure the user can act on: printed as one line (no stack trace unless --verbose), with its exit code. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException error(String message) {
        return new CliException(ExitCodes.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
