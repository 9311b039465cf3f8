package io.mpolcheck.property;

import io.mpolcheck.model.Errno;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.SyscallFailure;
import io.mpolcheck.model.TaskView;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Property (a): the VMA list of every address space describes the same pages as a
 * {@link NaivePageModel} fed the same operations, after every step.
 *
 * <p>Checked after each operation: (1) the call succeeded or failed as the pages decide, where they
 * do ({@code ESRCH}; {@code mbind} over a hole is {@code EFAULT} unless it is {@code MPOL_DEFAULT}
 * and something is mapped, {@code find_vma}/{@code queue_pages_range}; a split of a hugetlb VMA
 * off a huge page boundary is {@code EINVAL}, {@code hugetlb_vm_op_split}); (2) every page of
 * every address space has the same mapped/kind/segment/page offset/policy value in both; (3) the
 * VMA list is well formed: sorted, non-overlapping, non-empty, page-aligned, between
 * {@code mmap_min_addr} and {@code TASK_SIZE}, hugetlb VMAs on huge page boundaries, and no two
 * neighbours left unmerged that {@code vma_merge} would merge ({@link Vma#mergeableWith});
 * (4) {@code get_mempolicy(MPOL_F_ADDR)} on one page per live task (and every generated
 * {@code MPOL_F_ADDR} query) reports the page's policy ({@code MPOL_DEFAULT} when it has none).
 *
 * <p>Not checked: scalar-argument errno (bad modes, masks, lengths), numa_maps and page placement;
 * the model's own JUnit tests cover those. Segment numbers are compared as numbers: the model
 * numbers hugetlb segments in order of successful {@code mmap}, as the naive model does.
 */
public final class VmaBookkeeping {

    private VmaBookkeeping() {
    }

    /** The first disagreement between the model under test and the naive pages, or empty. */
    public static Optional<String> check(ModelUnderTest.Factory factory, WorldConfig world, List<Op> ops) {
        ModelUnderTest m = factory.create(world);
        NaivePageModel naive = new NaivePageModel(world);
        Optional<String> initial = compare(m.view(), naive, world);
        if (initial.isPresent()) {
            return initial.map(s -> "initial world: " + s);
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            NaivePageModel.Outcome expected = naive.expected(op);
            Optional<Result> query = expectedQuery(op, naive, world);
            int childBefore = naive.taskCount();
            Result r = m.apply(op);
            Optional<String> bad = step(m, naive, world, i, op, r, expected, query, childBefore);
            if (bad.isPresent()) {
                return Optional.of(Counterexample.step(i, op, r) + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> step(ModelUnderTest m, NaivePageModel naive, WorldConfig world, int i, Op op, Result r,
            NaivePageModel.Outcome expected, Optional<Result> query, int childBefore) {
        if (expected.decided() && !expected.matches(r)) {
            return Optional.of("the pages say " + expected);
        }
        if (query.isPresent() && !query.get().equals(r)) {
            return Optional.of("the pages say " + query.get());
        }
        if (r instanceof Result.Forked f && f.child() != childBefore) {
            return Optional.of("the next task number is t" + childBefore);
        }
        try {
            naive.applied(op, r);
        } catch (SyscallFailure e) {
            return Optional.of("succeeded, but its arguments give " + e.errno());
        }
        return compare(m.view(), naive, world).or(() -> probe(m, naive, world, i));
    }

    /* --------------- Pages and structure --------------- */

    private static Optional<String> compare(WorldView v, NaivePageModel naive, WorldConfig world) {
        if (v.tasks().size() != naive.taskCount() || v.mms().size() != naive.mmCount()) {
            return Optional.of("model has " + v.tasks().size() + " tasks and " + v.mms().size() + " address spaces, pages say "
                    + naive.taskCount() + " and " + naive.mmCount());
        }
        for (TaskView t : v.tasks()) {
            if (t.mm() != naive.mmOf(t.id()) || t.alive() != naive.alive(t.id())) {
                return Optional.of("model has " + t + ", pages say mm" + naive.mmOf(t.id()) + " alive=" + naive.alive(t.id()));
            }
        }
        for (int mm = 0; mm < naive.mmCount(); mm++) {
            List<Vma> vmas = v.mms().get(mm);
            if (vmas == null) {
                return Optional.of("model has no mm" + mm);
            }
            Optional<String> bad = structure(mm, vmas, world).or(pages(mm, vmas, naive, world));
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Supplier<Optional<String>> pages(int mm, List<Vma> vmas, NaivePageModel naive,
            WorldConfig world) {
        return () -> {
            NaivePageModel.Page[] fromVmas = new NaivePageModel.Page[world.pages()];
            for (Vma v : vmas) {
                long first = v.start() >>> Limits.PAGE_SHIFT;
                for (long i = first; i < v.end() >>> Limits.PAGE_SHIFT; i++) {
                    fromVmas[(int) i] = new NaivePageModel.Page(v.kind(), v.segment(), v.pgoff() + (i - first), v.policyValue());
                }
            }
            for (int i = 0; i < world.pages(); i++) {
                if (!Objects.equals(fromVmas[i], naive.page(mm, i))) {
                    return Optional.of(String.format("mm%d page 0x%x: VMAs say %s, pages say %s", mm, i * Limits.PAGE_SIZE,
                            show(fromVmas[i]), show(naive.page(mm, i))));
                }
            }
            return Optional.empty();
        };
    }

    private static String show(NaivePageModel.Page p) {
        return p == null ? "unmapped" : p.kind().token() + (p.segment() >= 0 ? " seg" + p.segment() : "") + " pgoff=" + p.pgoff()
                + " policy=" + p.policy().map(Mempolicy::toString).orElse("-");
    }

    /** Sorted, disjoint, non-empty, aligned, inside the address space, hugetlb on huge pages, merged. */
    static Optional<String> structure(int mm, List<Vma> vmas, WorldConfig world) {
        Vma prev = null;
        for (Vma v : vmas) {
            String what = null;
            if (Long.compareUnsigned(v.start(), v.end()) >= 0) {
                what = "is empty";
            } else if (!Limits.aligned(v.start(), Limits.PAGE_SIZE) || !Limits.aligned(v.end(), Limits.PAGE_SIZE)) {
                what = "is not page-aligned";
            } else if (Long.compareUnsigned(v.start(), Limits.MMAP_MIN_ADDR) < 0
                    || Long.compareUnsigned(v.end(), world.taskSize()) > 0) {
                what = "lies outside [mmap_min_addr, TASK_SIZE)";
            } else if (v.kind() == MapKind.HUGETLB
                    && (!Limits.aligned(v.start(), Limits.HPAGE_SIZE) || !Limits.aligned(v.end(), Limits.HPAGE_SIZE))) {
                what = "is hugetlb but not on huge page boundaries";
            } else if (prev != null && Long.compareUnsigned(prev.end(), v.start()) > 0) {
                what = "overlaps or precedes " + prev;
            } else if (prev != null && prev.mergeableWith(v)) {
                what = "should have been merged into " + prev;
            }
            if (what != null) {
                return Optional.of("mm" + mm + " VMA " + v + " " + what);
            }
            prev = v;
        }
        return Optional.empty();
    }

    /* --------------- get_mempolicy(MPOL_F_ADDR) --------------- */

    /** One {@code get_mempolicy(MPOL_F_ADDR)} per live task, on a page chosen from the step and the task. */
    private static Optional<String> probe(ModelUnderTest m, NaivePageModel naive, WorldConfig world, int step) {
        for (int t = 0; t < naive.taskCount(); t++) {
            if (!naive.alive(t)) {
                continue;
            }
            long page = Math.floorMod(31L * step + 7L * t + 1, world.pages());
            Op.GetMempolicy q = new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, page * Limits.PAGE_SIZE,
                    GetFlag.MPOL_F_ADDR.bit());
            Result expected = policyOf(naive.page(naive.mmOf(t), (int) page), true);
            Result r = m.apply(q);
            if (!expected.equals(r)) {
                return Optional.of("then probe " + q + " = " + r + ", the pages say " + expected);
            }
        }
        return Optional.empty();
    }

    /** What a generated {@code get_mempolicy(..., MPOL_F_ADDR)} must return, when the pages decide it. */
    private static Optional<Result> expectedQuery(Op op, NaivePageModel naive, WorldConfig world) {
        if (!(op instanceof Op.GetMempolicy g) || g.flags() != GetFlag.MPOL_F_ADDR.bit() || !naive.alive(g.task())
                || (g.wantNodes() && g.maxnode() != Limits.MAX_NUMNODES + 1L)) {
            return Optional.empty();
        }
        long page = g.addr() >>> Limits.PAGE_SHIFT;
        NaivePageModel.Page p = Long.compareUnsigned(page, world.pages()) < 0 ? naive.page(naive.mmOf(g.task()), (int) page) : null;
        return Optional.of(policyOf(p, g.wantNodes()));
    }

    /** {@code do_get_mempolicy(MPOL_F_ADDR)}: {@code EFAULT} off any VMA, else the VMA's policy or {@code MPOL_DEFAULT}. */
    private static Result policyOf(NaivePageModel.Page p, boolean wantNodes) {
        if (p == null) {
            return Result.error(Errno.EFAULT);
        }
        int mode = p.policy().map(Mempolicy::reportedMode).orElse(Mode.MPOL_DEFAULT.number());
        NodeMask nodes = p.policy().map(Mempolicy::reportedNodes).orElse(NodeMask.EMPTY).below(Limits.MAX_NUMNODES);
        return new Result.Policy(mode, false, wantNodes ? Optional.of(nodes) : Optional.empty());
    }
}
