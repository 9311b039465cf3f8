package io.mpolcheck.cli;

/** A mistake in the command line or in an input file: reported in one line, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
