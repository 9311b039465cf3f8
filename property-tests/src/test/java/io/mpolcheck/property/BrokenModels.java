package io.mpolcheck.property;

import io.mpolcheck.model.Errno;
import io.mpolcheck.model.GhostState;
import io.mpolcheck.model.Holder;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.model.PolicyRef;
import io.mpolcheck.model.UserNodes;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Deliberately broken variants, one realistic mistake each, one per property: each decorates the
 * reference model (or, for the format, the printer) and must be caught by its property. They are
 * permanent fixtures: a planted bug that passes its property means the property lost its teeth.
 */
final class BrokenModels {

    private BrokenModels() {
    }

    /** Forwards everything to a fresh reference model; subclasses override the broken part. */
    abstract static class Forwarding implements ModelUnderTest {
        final ModelUnderTest delegate;

        Forwarding(WorldConfig config) {
            this.delegate = ModelUnderTest.reference(config);
        }

        @Override
        public Result apply(Op op) {
            return delegate.apply(op);
        }

        @Override
        public WorldView view() {
            return delegate.view();
        }

        @Override
        public WorldConfig config() {
            return delegate.config();
        }
    }

    /**
     * Broken for (a) {@link VmaBookkeeping}: {@code mbind} changes only the first page of its
     * range (a loop over VMAs that stops after the first split, say).
     */
    static final class Broken01MbindFirstPageOnly extends Forwarding {
        Broken01MbindFirstPageOnly(WorldConfig config) {
            super(config);
        }

        @Override
        public Result apply(Op op) {
            if (op instanceof Op.Mbind m && Long.compareUnsigned(m.len(), Limits.PAGE_SIZE) > 0) {
                return delegate.apply(new Op.Mbind(m.task(), m.start(), Limits.PAGE_SIZE, m.mode(), m.nodes(), m.flags()));
            }
            return delegate.apply(op);
        }
    }

    /**
     * Broken for (b) {@link FailedCallsChangeNothing}: an {@code mbind} that fails with
     * {@code EINVAL} or {@code EFAULT} has already applied the policy to the first VMA it overlaps
     * — what Linux's {@code mbind_range()} loop does when a later hugetlb split fails (no
     * rollback), and what the model deliberately does not copy.
     */
    static final class Broken02FailedMbindNoRollback extends Forwarding {
        Broken02FailedMbindNoRollback(WorldConfig config) {
            super(config);
        }

        @Override
        public Result apply(Op op) {
            WorldView before = delegate.view();
            Result r = delegate.apply(op);
            if (op instanceof Op.Mbind m && (r.equals(Result.error(Errno.EINVAL)) || r.equals(Result.error(Errno.EFAULT)))
                    && m.task() >= 0 && m.task() < before.tasks().size()) {
                long end = m.start() + Limits.pageAlign(m.len());
                for (Vma v : before.mms().get(before.tasks().get(m.task()).mm())) {
                    if (Long.compareUnsigned(v.end(), m.start()) > 0 && Long.compareUnsigned(v.start(), end) < 0) {
                        long lo = Long.compareUnsigned(m.start(), v.start()) > 0 ? m.start() : v.start();
                        long hi = Long.compareUnsigned(end, v.end()) < 0 ? end : v.end();
                        delegate.apply(new Op.Mbind(m.task(), lo, hi - lo, m.mode(), m.nodes(), m.flags()));
                        break;
                    }
                }
            }
            return r;
        }
    }

    /**
     * Broken for (c) {@link FormatRoundTrip}: a printer that writes {@code maxnode} (an
     * {@code unsigned long}) as a signed {@code int}, so large values come back different.
     */
    static final Function<Op, String> BROKEN03_PRINT_MAXNODE_AS_INT = op -> OpFormat.print(intMaxnode(op));

    private static Op intMaxnode(Op op) {
        if (op instanceof Op.SetMempolicy s) {
            return new Op.SetMempolicy(s.task(), s.mode(), asInt(s.nodes()));
        } else if (op instanceof Op.Mbind m) {
            return new Op.Mbind(m.task(), m.start(), m.len(), m.mode(), asInt(m.nodes()), m.flags());
        } else if (op instanceof Op.GetMempolicy g) {
            return new Op.GetMempolicy(g.task(), g.wantNodes(), (int) g.maxnode(), g.addr(), g.flags());
        }
        return op;
    }

    private static UserNodes asInt(UserNodes n) {
        return new UserNodes(n.mask(), (int) n.maxnode());
    }

    /**
     * Broken for (d) {@link GhostConsistency}: after a task exits, its policy object stays
     * allocated with no holder — {@code do_exit()} forgot {@code mpol_put(tsk->mempolicy)}.
     */
    static final class Broken04ExitLeaksTaskPolicy extends Forwarding {
        private final Map<PolicyId, Mempolicy> leaked = new TreeMap<>();

        Broken04ExitLeaksTaskPolicy(WorldConfig config) {
            super(config);
        }

        @Override
        public Result apply(Op op) {
            List<io.mpolcheck.model.TaskView> tasks = delegate.view().tasks();
            Optional<PolicyRef> held = op instanceof Op.Exit && op.task() >= 0 && op.task() < tasks.size()
                    ? tasks.get(op.task()).policy() : Optional.empty();
            Result r = delegate.apply(op);
            if (!(r instanceof Result.Error)) {
                held.ifPresent(p -> leaked.put(p.id(), p.value()));
            }
            return r;
        }

        @Override
        public WorldView view() {
            WorldView v = delegate.view();
            if (leaked.isEmpty()) {
                return v;
            }
            GhostState g = v.ghost();
            Map<PolicyId, Mempolicy> live = new TreeMap<>(g.live());
            live.putAll(leaked);
            Map<PolicyId, List<Holder>> holders = new TreeMap<>(g.holders());
            leaked.keySet().forEach(id -> holders.put(id, new ArrayList<>()));
            TreeSet<PolicyId> freed = new TreeSet<>(g.freed());
            freed.removeAll(leaked.keySet());
            return new WorldView(v.tasks(), v.mms(), v.segments(), new GhostState(new TreeMap<>(live), new TreeMap<>(holders), freed));
        }
    }
}
