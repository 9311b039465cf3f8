package io.mpolcheck.scheme;

import io.mpolcheck.report.ViolationClass;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a scheme declares about itself: a stable id (lower-case, dashes, e.g.
 * {@code mmap-lock-2008}), one paragraph on its locking and reference rules, where it comes from
 * (commit, message-id, seed file, catalogue entry) and the verdict the checkers must reach: empty
 * for a correct scheme, or the violation class its bug must produce — and the features it
 * implements, which decide the worlds a checker puts it in (guava-testlib style: a scheme without
 * {@link Feature#SHARED_POLICY} is never given shm segments to check) — and, for a buggy scheme,
 * its {@link Witness}: the catalogue interleaving and the scheme that fixes it. Everything about a
 * scheme is declared here, in its own file; the tests and the README table are driven by it.
 */
public record SchemeInfo(String id, String description, String source, Optional<ViolationClass> expected,
        Set<Feature> features, Optional<Witness> witness) {

    /** What a scheme implements beyond task and VMA policies. */
    public enum Feature {
        /** Shared (shmem) policies: lookups and replacement in a segment's range tree. */
        SHARED_POLICY,
        /**
         * Remote install: {@code pidfd_set_mempolicy} replaces another task's policy; scenarios race
         * it against the target's own lookups and exit, with {@code return_to_user()} and
         * {@code rcu_grace_period()} among the operations.
         */
        REMOTE_INSTALL,
        /**
         * Exit in {@code do_exit()}'s order, the task policy dropped last: scenarios race a task's
         * exit against {@code numa_maps} readers of its policy.
         */
        EXIT_ORDER
    }

    public SchemeInfo(String id, String description, String source, Optional<ViolationClass> expected) {
        this(id, description, source, expected, Set.of(), Optional.empty());
    }

    public SchemeInfo(String id, String description, String source, Optional<ViolationClass> expected,
            Set<Feature> features) {
        this(id, description, source, expected, features, Optional.empty());
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public SchemeInfo {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expected, "expected");
        features = Set.copyOf(features);
        Objects.requireNonNull(witness, "witness");
        if (witness.isPresent() && expected.isEmpty()) {
            throw new IllegalArgumentException(id + ": a correct scheme has no witness");
        }
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

    /** This declaration with {@code feature} added. */
    public SchemeInfo withFeature(Feature feature) {
        Set<Feature> more = new java.util.HashSet<>(features);
        more.add(feature);
        return new SchemeInfo(id, description, source, expected, more, witness);
    }

    /** This declaration with its catalogue counterexample (a buggy scheme only). */
    public SchemeInfo withWitness(Witness w) {
        return new SchemeInfo(id, description, source, expected, features, Optional.of(w));
    }

    /**
     * The declared witness as the one scenario of a check, in this scheme's world (shared-segment
     * with {@link Feature#SHARED_POLICY}, else task/VMA); empty for a scheme without one.
     */
    public Optional<io.mpolcheck.scenario.ScenarioSource> witnessScenario() {
        return witness.map(w -> w.source(has(Feature.SHARED_POLICY)));
    }

    /** True when the scheme declares {@code feature}. */
    public boolean has(Feature feature) {
        return features.contains(feature);
    }

    /**
     * The scope a verdict covers: the world the checkers put the scheme in ({@code shared-segment}
     * with {@link Feature#SHARED_POLICY}, else {@code task/VMA}) and the races its other features
     * add, e.g. {@code task/VMA + REMOTE_INSTALL}. A verdict says nothing outside its scope: the
     * same code may be wrong in a larger one ({@code mmap-lock-2008} is correct in {@code task/VMA}
     * and is {@code remote-install-no-ref} once remote installs exist).
     */
    public String scope() {
        StringBuilder sb = new StringBuilder(has(Feature.SHARED_POLICY) ? "shared-segment" : "task/VMA");
        for (Feature f : Feature.values()) {
            if (f != Feature.SHARED_POLICY && has(f)) {
                sb.append(" + ").append(f.name());
            }
        }
        return sb.toString();
    }

    /** The declared verdict with its scope: {@code CORRECT in task/VMA + REMOTE_INSTALL}. */
    public String expectedInScope() {
        return expectedLabel() + " in " + scope();
    }

    /** {@code correct} or the expected violation class, as a verdict table prints it. */
    public String expectedLabel() {
        return expected.map(Enum::name).orElse("CORRECT");
    }
}
