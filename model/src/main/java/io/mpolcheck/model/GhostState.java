package io.mpolcheck.model;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference model's lifetime bookkeeping after a step: which policy objects are allocated,
 * their values, who holds each of them, and which objects have been freed. It is "ghost" state:
 * no scheme can observe it, but a lifetime checker can — an object listed in {@link #live()} must
 * still be readable, one in {@link #freed()} must never be read again, and a live object without
 * holders would be a leak.
 *
 * @param live every allocated object (static ones included) and its value
 * @param holders who references each live object; static objects are held by {@link Holder.Static}
 * @param freed every object freed so far
 */
public record GhostState(SortedMap<PolicyId, Mempolicy> live, SortedMap<PolicyId, List<Holder>> holders,
        SortedSet<PolicyId> freed) {

    public GhostState {
        live = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(live));
        TreeMap<PolicyId, List<Holder>> h = new TreeMap<>();
        holders.forEach((k, v) -> h.put(k, List.copyOf(v)));
        holders = java.util.Collections.unmodifiableSortedMap(h);
        freed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(freed));
    }

    /** The live objects no holder references: leaks, if the model's bookkeeping were wrong. */
    public Set<PolicyId> unheld() {
        Set<PolicyId> out = new TreeSet<>(live.keySet());
        holders.forEach((id, hs) -> {
            if (!hs.isEmpty()) {
                out.remove(id);
            }
        });
        return out;
    }

    /** The dynamically allocated objects still alive. */
    public Set<PolicyId> liveDynamic() {
        Set<PolicyId> out = new TreeSet<>();
        live.keySet().stream().filter(id -> !id.isStatic()).forEach(out::add);
        return out;
    }

    /** One line per live object: {@code mpol#3 bind:0-1 held by t0->mempolicy}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        live.forEach((id, pol) -> {
            if (!id.isStatic()) {
                sb.append(id).append(' ').append(pol).append(" held by ")
                        .append(holders.getOrDefault(id, List.of())).append('\n');
            }
        });
        sb.append("freed ").append(freed);
        return sb.toString();
    }
}
