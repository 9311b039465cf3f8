package io.mpolcheck.op;

import io.mpolcheck.model.Errno;
import io.mpolcheck.model.ModeFlag;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operation returns, as user space would see it. {@link #toString()} reads like the tail
 * of an {@code strace} line: {@code 0}, {@code -1 EINVAL (Invalid argument)},
 * {@code 0 [mode=MPOL_BIND, nmask={0-1}]}.
 */
public sealed interface Result {

    /** A plain successful return value. */
    record Return(long value) implements Result {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A failed call: {@code -1} and {@code errno}. */
    record Error(Errno errno) implements Result {
        public Error {
            Objects.requireNonNull(errno, "errno");
        }

        @Override
        public String toString() {
            return "-1 " + errno + " (" + errno.text() + ")";
        }
    }

    /**
     * A successful {@code get_mempolicy}: the word stored through {@code mode} — a mode with its
     * flags, or a node number when {@code MPOL_F_NODE} was asked — and the mask copied to
     * {@code nmask} when one was passed.
     */
    record Policy(int mode, boolean modeIsNode, Optional<NodeMask> nodes) implements Result {
        public Policy {
            Objects.requireNonNull(nodes, "nodes");
        }

        @Override
        public String toString() {
            String m = modeIsNode ? "node=" + mode : "mode=" + modeWord(mode);
            return "0 [" + m + nodes.map(n -> ", nmask={" + n + "}").orElse("") + "]";
        }
    }

    /** {@code mmap()}: the address of the new mapping. */
    record Mapped(long addr) implements Result {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(addr);
        }
    }

    /** The node a page was allocated on. */
    record Node(int node) implements Result {
        @Override
        public String toString() {
            return "node " + node;
        }
    }

    /** {@code fork()} in the parent: the child task. */
    record Forked(int child) implements Result {
        @Override
        public String toString() {
            return "t" + child;
        }
    }

    /** The lines of a {@code numa_maps} read. */
    record Maps(List<MapsLine> lines) implements Result {
        public Maps {
            lines = List.copyOf(lines);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (MapsLine l : lines) {
                sb.append(sb.length() > 1 ? "; " : "").append(l);
            }
            return sb.append(']').toString();
        }
    }

    /** One {@code numa_maps} line: start address, policy ({@code mpol_to_str}), and {@code huge} for hugetlb. */
    record MapsLine(long start, String policy, boolean huge) {
        public MapsLine {
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public String toString() {
            return String.format("%08x %s%s", start, policy, huge ? " huge" : "");
        }
    }

    /** Shorthand for {@code new Error(errno)}. */
    static Result error(Errno errno) {
        return new Error(errno);
    }

    /** Shorthand for a zero return. */
    static Result ok() {
        return new Return(0);
    }

    /** A mode word as symbols: {@code MPOL_BIND|MPOL_F_STATIC_NODES}; unknown numbers stay numbers. */
    static String modeWord(int raw) {
        int flagBits = raw & ModeFlag.MPOL_MODE_FLAGS;
        int number = raw & ~ModeFlag.MPOL_MODE_FLAGS;
        StringBuilder sb = new StringBuilder(Mode.ofNumber(number).map(Mode::name).orElse(Integer.toString(number)));
        for (ModeFlag f : ModeFlag.values()) {
            if ((flagBits & f.bit()) != 0) {
                sb.append('|').append(f.name());
            }
        }
        return sb.toString();
    }
}
