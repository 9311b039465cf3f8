package io.mpolcheck.model;

/**
 * The identity of one policy object in the model's ghost state: what {@code kmem_cache_alloc()}
 * would hand out for a {@code struct mempolicy}. Static objects ({@code default_policy} and the
 * per-node {@code preferred_node_policy[]}) have fixed negative numbers and are never freed;
 * dynamic ones are numbered from 1 in allocation order.
 *
 * @param number the object number; see {@link #isStatic()}
 */
public record PolicyId(int number) implements Comparable<PolicyId> {

    /** {@code default_policy}: mode {@code MPOL_LOCAL}, "never free it". */
    public static final PolicyId DEFAULT_POLICY = new PolicyId(-1);

    /** {@code &preferred_node_policy[node]}. */
    public static PolicyId preferredNodePolicy(int node) {
        return new PolicyId(-2 - node);
    }

    /** True for the statically allocated policies the kernel never frees. */
    public boolean isStatic() {
        return number < 0;
    }

    @Override
    public int compareTo(PolicyId o) {
        return Integer.compare(number, o.number);
    }

    @Override
    public String toString() {
        if (number == -1) {
            return "default_policy";
        }
        if (number < -1) {
            return "preferred_node_policy[" + (-2 - number) + "]";
        }
        return "mpol#" + number;
    }
}
