package io.mpolcheck.model;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * An immutable set of NUMA node numbers: the kernel's {@code nodemask_t}, and also the bits a user
 * passes in an {@code nmask} array (which may name nodes beyond {@code MAX_NUMNODES}, so the
 * set has no upper bound of its own).
 *
 * <p>{@link #toString()} prints the kernel's {@code %*pbl} list format ({@code "0-2,5"}, and
 * {@code ""} for the empty mask), which {@link #parseList(String)} reads back. The helpers mirror
 * {@code include/linux/nodemask.h}: {@link #first()} is {@code first_node()},
 * {@link #nextIn(int)} is {@code next_node_in()}, {@link #fold(int)} is {@code nodes_fold()}.
 */
public final class NodeMask {
    /** Bound on node numbers accepted by the parser, to keep a typo from allocating gigabytes. */
    public static final int PARSE_LIMIT = 1 << 16;

    public static final NodeMask EMPTY = new NodeMask(new BitSet());

    private final BitSet bits;

    private NodeMask(BitSet bits) {
        this.bits = bits;
    }

    /** The mask holding exactly these nodes. */
    public static NodeMask of(int... nodes) {
        BitSet b = new BitSet();
        for (int n : nodes) {
            if (n < 0) {
                throw new IllegalArgumentException("negative node " + n);
            }
            b.set(n);
        }
        return new NodeMask(b);
    }

    /** The nodes {@code 0 .. count-1}: every node of a machine with {@code count} nodes. */
    public static NodeMask firstN(int count) {
        BitSet b = new BitSet();
        b.set(0, count);
        return new NodeMask(b);
    }

    /** The mask whose bit {@code i} is bit {@code i} of {@code word} (one {@code unsigned long}). */
    public static NodeMask ofWord(long word) {
        return new NodeMask(BitSet.valueOf(new long[] {word}));
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public boolean contains(int node) {
        return node >= 0 && bits.get(node);
    }

    /** {@code nodes_weight()}: how many nodes are set. */
    public int weight() {
        return bits.cardinality();
    }

    /** {@code first_node()}; empty when the mask is empty. */
    public OptionalInt first() {
        int n = bits.nextSetBit(0);
        return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** The highest node set, or -1 for the empty mask. */
    public int last() {
        return bits.length() - 1;
    }

    /** {@code next_node_in(node, mask)}: the first node after {@code node}, wrapping; -1 if empty. */
    public int nextIn(int node) {
        int n = bits.nextSetBit(node + 1);
        return n >= 0 ? n : bits.nextSetBit(0);
    }

    /** The {@code k}-th set node, counting from 0 (how {@code interleave_nid()} picks). */
    public int nth(int k) {
        int n = bits.nextSetBit(0);
        for (int i = 0; i < k; i++) {
            n = bits.nextSetBit(n + 1);
        }
        return n;
    }

    public NodeMask and(NodeMask other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new NodeMask(b);
    }

    /** The nodes below {@code limit} only. */
    public NodeMask below(int limit) {
        return new NodeMask(bits.get(0, Math.max(0, limit)));
    }

    /** True when some node at or above {@code limit} is set. */
    public boolean hasNodeAtOrAbove(int limit) {
        return bits.nextSetBit(Math.max(0, limit)) >= 0;
    }

    /** {@code nodes_fold(mask, sz)}: node {@code n} becomes {@code n % sz}. */
    public NodeMask fold(int size) {
        BitSet b = new BitSet();
        bits.stream().forEach(n -> b.set(n % size));
        return new NodeMask(b);
    }

    /** {@code nodes_onto(relative, onto)}: bit {@code i} maps to the {@code i}-th node of {@code onto}. */
    public NodeMask onto(NodeMask onto) {
        BitSet b = new BitSet();
        int w = onto.weight();
        bits.stream().filter(i -> i < w).forEach(i -> b.set(onto.nth(i)));
        return new NodeMask(b);
    }

    public IntStream stream() {
        return bits.stream();
    }

    /** Parses the {@code %*pbl} list format, e.g. {@code "0-2,5"}; {@code ""} is the empty mask. */
    public static NodeMask parseList(String text) {
        String t = text.strip();
        BitSet b = new BitSet();
        if (t.isEmpty()) {
            return EMPTY;
        }
        for (String part : t.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-');
            int lo = parseNode(dash < 0 ? p : p.substring(0, dash), text);
            int hi = dash < 0 ? lo : parseNode(p.substring(dash + 1), text);
            if (hi < lo) {
                throw new IllegalArgumentException("node range " + p + " runs backwards in '" + text + "'");
            }
            b.set(lo, hi + 1);
        }
        return new NodeMask(b);
    }

    private static int parseNode(String s, String whole) {
        if (!s.strip().matches("0|[1-9][0-9]*")) {
            // ASCII digits only, no sign, no leading zero: Integer.parseInt would take "+1", "01" and "\u0663"
            throw new IllegalArgumentException("'" + s.strip() + "' is not a node number in '" + whole + "'");
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 0 || n >= PARSE_LIMIT) {
                throw new IllegalArgumentException("node " + n + " out of range 0.." + (PARSE_LIMIT - 1) + " in '" + whole + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.strip() + "' is not a node number in '" + whole + "'", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeMask other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** The {@code %*pbl} form: ranges joined by commas, {@code ""} when empty. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int lo = bits.nextSetBit(0);
        while (lo >= 0) {
            int hi = bits.nextClearBit(lo) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(lo);
            if (hi > lo) {
                sb.append('-').append(hi);
            }
            lo = bits.nextSetBit(hi + 1);
        }
        return sb.toString();
    }
}
