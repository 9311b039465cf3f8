package io.mpolcheck.scheme;

import io.mpolcheck.report.ViolationClass;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a scheme declares about itself: a stable id (lower-case, dashes, e.g.
 * {@code mmap-lock-2008}), one paragraph on its locking and reference rules, where it comes from
 * (commit, message-id, seed file, catalogue entry) and the verdict the checkers must reach: empty
 * for a correct scheme, or the violation class its bug must produce.
 */
public record SchemeInfo(String id, String description, String source, Optional<ViolationClass> expected) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public SchemeInfo {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expected, "expected");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("scheme id must be lower-case words joined by dashes, was '" + id + "'");
        }
    }

    /** A correct scheme: every check must pass. */
    public static SchemeInfo correct(String id, String description, String source) {
        return new SchemeInfo(id, description, source, Optional.empty());
    }

    /** A buggy scheme: the checkers must report {@code expected}. */
    public static SchemeInfo buggy(String id, String description, String source, ViolationClass expected) {
        return new SchemeInfo(id, description, source, Optional.of(expected));
    }

    /** {@code correct} or the expected violation class, as a verdict table prints it. */
    public String expectedLabel() {
        return expected.map(Enum::name).orElse("CORRECT");
    }
}
