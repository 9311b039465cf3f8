package io.mpolcheck.property;

/**
 * One step on a shared policy tree, as {@code mbind()} on a shmem mapping reaches it through
 * {@code mpol_set_shared_policy()}: install a new policy over a page-offset range, remove the
 * policy of a range ({@code MPOL_DEFAULT}, a replace with no new policy), or free the whole tree
 * when the inode goes ({@code mpol_free_shared_policy()}).
 */
public sealed interface TreeOp {

    /** {@code shared_policy_replace(sp, start, end, new)} with a fresh policy whose value is {@code value}. */
    record Install(long start, long end, int value) implements TreeOp {
        @Override
        public String toString() {
            return "install P" + value + " on [" + start + "," + end + ")";
        }
    }

    /** {@code shared_policy_replace(sp, start, end, NULL)}: the range falls back to no policy. */
    record Remove(long start, long end) implements TreeOp {
        @Override
        public String toString() {
            return "remove [" + start + "," + end + ")";
        }
    }

    /** {@code mpol_free_shared_policy(sp)}: every range goes. */
    record Clear() implements TreeOp {
        @Override
        public String toString() {
            return "clear";
        }
    }
}
