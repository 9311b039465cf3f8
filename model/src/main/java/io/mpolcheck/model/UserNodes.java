package io.mpolcheck.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code (nmask, maxnode)} argument pair of {@code set_mempolicy(2)} and {@code mbind(2)}:
 * a user pointer to a node bit array, or {@code NULL}, and the number the caller passes as
 * {@code maxnode}. The kernel takes only the first {@code maxnode - 1} bits as nodes
 * ({@code get_nodes()}, see {@link PolicyRules#readUserNodes}, which also says which bits beyond
 * them it checks); callers conventionally pass the mask size plus one.
 *
 * @param mask the bits in the user's array, or empty for a {@code NULL} pointer
 * @param maxnode the {@code maxnode} argument, an {@code unsigned long}
 */
public record UserNodes(Optional<NodeMask> mask, long maxnode) {

    /** {@code NULL, 0}: no mask. */
    public static final UserNodes NONE = new UserNodes(Optional.empty(), 0);

    public UserNodes {
        Objects.requireNonNull(mask, "mask");
    }

    /** A mask passed with {@code maxnode = MAX_NUMNODES + 1}, the usual way. */
    public static UserNodes of(NodeMask mask) {
        return new UserNodes(Optional.of(mask), Limits.MAX_NUMNODES + 1L);
    }

    /** A mask with an explicit {@code maxnode}. */
    public static UserNodes of(NodeMask mask, long maxnode) {
        return new UserNodes(Optional.of(mask), maxnode);
    }
}
