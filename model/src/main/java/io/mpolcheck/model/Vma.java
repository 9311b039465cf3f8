package io.mpolcheck.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code vm_area_struct} as the reference model sees it: the range {@code [start, end)}, what
 * backs it, the page offset of {@code start} in that backing ({@code vm_pgoff}, in base pages), and
 * its own policy object ({@code vm_policy}; empty means none, i.e. fall back to the task policy).
 *
 * @param segment the hugetlb segment number, the {@code shmid} of a shm attachment, or -1 for anonymous memory
 */
public record Vma(long start, long end, MapKind kind, int segment, long pgoff, Optional<PolicyRef> policy) {

    public Vma {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("empty VMA [" + start + "," + end + ")");
        }
    }

    /** True when {@code addr} falls inside the VMA. */
    public boolean contains(long addr) {
        return Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, end) < 0;
    }

    /** The policy value, if the VMA has one. */
    public Optional<Mempolicy> policyValue() {
        return policy.map(PolicyRef::value);
    }

    /** The piece {@code [from, to)} of this VMA, with its page offset adjusted and the given policy. */
    public Vma slice(long from, long to, Optional<PolicyRef> newPolicy) {
        return new Vma(from, to, kind, segment, pgoff + ((from - start) >>> Limits.PAGE_SHIFT), newPolicy);
    }

    /** Whether {@code next}, starting where this ends, may merge into this VMA ({@code is_mergeable_vma()}). */
    public boolean mergeableWith(Vma next) {
        return kind == MapKind.ANON && next.kind == MapKind.ANON && end == next.start
                && pgoff + ((end - start) >>> Limits.PAGE_SHIFT) == next.pgoff
                && policyValue().equals(next.policyValue());
    }

    @Override
    public String toString() {
        return String.format("[0x%x-0x%x) %s%s pgoff=%d %s", start, end, kind.token(),
                segment >= 0 ? " seg" + segment : "", pgoff, policy.map(PolicyRef::toString).orElse("-"));
    }
}
