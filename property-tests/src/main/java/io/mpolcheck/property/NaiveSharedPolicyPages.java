package io.mpolcheck.property;

import io.mpolcheck.property.PayloadLedger.Payload;
import java.util.Optional;

/**
 * The dumbest possible shared policy: one slot per page offset of a shmem file, holding the policy
 * object that covers that page or {@code null} for none. No ranges, no splits, no merges — except
 * that it has to know which object each page ends up with, so that the tree can be held to
 * identity and not only to values: when {@code shared_policy_replace()} splits a range, the pages
 * of the upper piece move to the copy the tree made.
 *
 * <p>Because every object here covers one run of pages, a range strictly spans {@code [start, end)}
 * exactly when one object covers every page from {@code start - 1} to {@code end}.
 */
public final class NaiveSharedPolicyPages {
    private final Payload[] pages;

    /** A file of {@code size} pages with no policy anywhere. */
    public NaiveSharedPolicyPages(int size) {
        this.pages = new Payload[size];
    }

    /** How many pages the file has. */
    public int size() {
        return pages.length;
    }

    /** The policy object of page {@code idx}, or null; null as well past the end of the file. */
    public Payload at(long idx) {
        return idx >= 0 && idx < pages.length ? pages[(int) idx] : null;
    }

    /** The object that covers every page from {@code start - 1} to {@code end}, if one does. */
    public Optional<Payload> spanning(long start, long end) {
        Payload outer = at(start - 1);
        for (long i = start; outer != null && i <= end; i++) {
            if (at(i) != outer) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(outer);
    }

    /** The upper part of a split: the pages of {@code old} from {@code end} on now belong to {@code copy}. */
    public void moveUpperPiece(Payload old, long end, Payload copy) {
        for (int i = (int) end; i < pages.length && pages[i] == old; i++) {
            pages[i] = copy;
        }
    }

    /** Pages {@code [start, end)} get {@code policy} (null: none). */
    public void fill(long start, long end, Payload policy) {
        for (long i = start; i < end; i++) {
            pages[(int) i] = policy;
        }
    }
}
