package io.mpolcheck.property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The policy objects one run of {@link SharedTreeBookkeeping} hands to a shared policy tree and
 * what became of them, in the tree's own terms of ownership: each {@code sp_node} owns exactly one
 * reference to its policy ({@code sp_alloc()} takes it, {@code sp_free()} drops it), and a split
 * gives the upper piece its own copy ({@code mpol_dup}, or since 2012 the preallocated
 * {@code mpol_new}). Objects are compared by identity, never by {@code equals}.
 *
 * <p>{@link #check} says whether the ranges a tree holds now are consistent with the ledger: every
 * held object was installed or copied here, none is held by two ranges (catalogue entry 6: one
 * object, two owners), none was released and is still held (a use after free), none was released
 * twice (a double free), and every object ever made is either held or released (no leak).
 */
public final class PayloadLedger {

    /**
     * One policy object: {@code value} is what an install asked for (a copy keeps it), {@code serial}
     * names the object. Printed {@code P3#7}: value 3, object 7.
     */
    public record Payload(int value, int serial) {
        @Override
        public String toString() {
            return "P" + value + "#" + serial;
        }
    }

    /** A copy the tree asked for with the {@link #copier()}: the object copied and the new one. */
    public record Copy(Payload source, Payload copy) {
    }

    private final List<Payload> created = new ArrayList<>();
    private final Set<Payload> createdSet = identitySet();
    private final Set<Payload> released = identitySet();
    private final List<Copy> copiesThisStep = new ArrayList<>();

    /** A fresh object for an install of {@code value}. */
    public Payload install(int value) {
        return made(new Payload(value, created.size() + 1));
    }

    /** The {@code copy} function to pass to {@code replace}: a new object with the same value, recorded. */
    public UnaryOperator<Payload> copier() {
        return source -> {
            Payload copy = made(new Payload(source.value(), created.size() + 1));
            copiesThisStep.add(new Copy(source, copy));
            return copy;
        };
    }

    /** The copies made since the last call, oldest first. */
    public List<Copy> takeCopies() {
        List<Copy> out = List.copyOf(copiesThisStep);
        copiesThisStep.clear();
        return out;
    }

    /** Records what a {@code replace} or {@code clear} let go of; reports a release of a stranger or a second release. */
    public Optional<String> release(List<Payload> letGo) {
        Optional<String> first = Optional.empty();
        for (Payload p : letGo) {
            String bad = !createdSet.contains(p) ? "released " + p + ", which was never installed nor copied"
                    : !released.add(p) ? "released " + p + " a second time (a double free)"
                    : null;
            first = first.isPresent() || bad == null ? first : Optional.of(bad);
        }
        return first;
    }

    /** The first ownership fault in {@code held}, the ranges a tree holds now, or empty. */
    public Optional<String> check(List<RangeTree.Range<Payload>> held) {
        Map<Payload, RangeTree.Range<Payload>> owner = new IdentityHashMap<>();
        for (RangeTree.Range<Payload> r : held) {
            Payload p = r.policy();
            RangeTree.Range<Payload> other = owner.put(p, r);
            if (other != null) {
                return Optional.of(p + " is held by two ranges, " + other + " and " + r + " (one object, two owners)");
            } else if (!createdSet.contains(p)) {
                return Optional.of(r + " holds " + p + ", which was never installed nor copied");
            } else if (released.contains(p)) {
                return Optional.of(p + " was released but is still held by " + r + " (a use after free)");
            }
        }
        return lost(owner.keySet());
    }

    /** The first object that is neither held nor released. */
    private Optional<String> lost(Set<Payload> held) {
        for (Payload p : created) {
            if (!held.contains(p) && !released.contains(p)) {
                return Optional.of(p + " is neither held nor released (a leak)");
            }
        }
        return Optional.empty();
    }

    private Payload made(Payload p) {
        created.add(p);
        createdSet.add(p);
        return p;
    }

    private static Set<Payload> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
