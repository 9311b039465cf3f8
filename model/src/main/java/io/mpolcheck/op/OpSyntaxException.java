package io.mpolcheck.op;

/**
 * A line of operation text that does not parse. The message names the line number (when known),
 * the offending text and what was expected, so that a user can fix a stored scenario by hand.
 */
public final class OpSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public OpSyntaxException(int lineNumber, String message) {
        super(lineNumber > 0 ? "line " + lineNumber + ": " + message : message);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line number, or 0 when a single line was parsed. */
    public int lineNumber() {
        return lineNumber;
    }
}
