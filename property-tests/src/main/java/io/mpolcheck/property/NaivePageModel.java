package io.mpolcheck.property;

import io.mpolcheck.model.Errno;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.MbindFlag;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyRules;
import io.mpolcheck.model.SyscallFailure;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dumbest possible address-space model, to check VMA bookkeeping against: per address space,
 * an array with one entry per base page saying whether it is mapped, by what (anon or which hugetlb
 * segment, at which page offset) and with which policy value. No ranges, no splits, no merges.
 *
 * <p>It is driven by the same operations as the model under test and by that model's results:
 * {@link #applied} updates the pages only for a call that succeeded. Where the pages alone decide
 * the outcome, {@link #expected} predicts it ({@code ESRCH} for a dead caller; for {@code mbind},
 * {@code munmap} and {@code mmap} whose scalar arguments are valid: success, {@code EFAULT} for a
 * hole, {@code EINVAL} for a hugetlb split off a huge page boundary); scalar-argument errors are
 * left to the model's own tests. Hugetlb VMA ends always fall on huge page boundaries (a separate
 * check), so two hugetlb pages of one segment on either side of an odd page boundary are one VMA.
 */
public final class NaivePageModel {

    /** One mapped base page: what backs it, its page offset in that backing, its policy (empty: none). */
    public record Page(MapKind kind, int segment, long pgoff, Optional<Mempolicy> policy) {
    }

    /** A prediction: empty errno means success; {@link #UNKNOWN} means the pages do not decide it. */
    public record Outcome(boolean decided, Optional<Errno> errno) {
        static final Outcome UNKNOWN = new Outcome(false, Optional.empty());
        static final Outcome OK = new Outcome(true, Optional.empty());

        static Outcome error(Errno e) {
            return new Outcome(true, Optional.of(e));
        }

        /** Whether {@code r} is what was predicted. */
        public boolean matches(Result r) {
            return errno.isPresent() ? r.equals(new Result.Error(errno.get())) : !(r instanceof Result.Error);
        }

        @Override
        public String toString() {
            return errno.map(e -> "-1 " + e).orElse("success");
        }
    }

    private final WorldConfig config;
    private final List<Page[]> mms = new ArrayList<>();
    private final List<Integer> mmUsers = new ArrayList<>();
    private final List<Integer> mmOfTask = new ArrayList<>();
    private final List<Boolean> alive = new ArrayList<>();
    private int nextSegment;

    public NaivePageModel(WorldConfig config) {
        this.config = config;
        for (int mm : config.initialMmOfTasks()) {
            while (mms.size() <= mm) {
                mms.add(new Page[config.pages()]);
                mmUsers.add(0);
            }
            mmUsers.set(mm, mmUsers.get(mm) + 1);
            mmOfTask.add(mm);
            alive.add(true);
        }
    }

    /* --------------- Queries --------------- */

    public int mmCount() {
        return mms.size();
    }

    public int taskCount() {
        return mmOfTask.size();
    }

    public int mmOf(int task) {
        return mmOfTask.get(task);
    }

    public boolean alive(int task) {
        return task >= 0 && task < alive.size() && alive.get(task);
    }

    /** The page with index {@code index} of address space {@code mm}, or null when unmapped. */
    public Page page(int mm, int index) {
        return index >= 0 && index < config.pages() ? mms.get(mm)[index] : null;
    }

    /* --------------- Updates (successful calls only) --------------- */

    /** Records the effect of {@code op}, which returned {@code r}; failed calls change nothing. */
    public void applied(Op op, Result r) {
        if (r instanceof Result.Error || !alive(op.task())) {
            return;
        }
        Page[] pages = mms.get(mmOf(op.task()));
        if (op instanceof Op.Mmap m) {
            long len = m.kind() == MapKind.HUGETLB ? alignUp(m.len(), Limits.HPAGE_SIZE) : m.len();
            long first = m.addr() >>> Limits.PAGE_SHIFT;
            int segment = m.kind() == MapKind.HUGETLB ? nextSegment++ : -1;
            forPages(m.addr(), Limits.pageAlign(len), i -> pages[i] = new Page(m.kind(), segment,
                    m.kind() == MapKind.HUGETLB ? i - first : i, Optional.empty()));
        } else if (op instanceof Op.Munmap m) {
            forPages(m.addr(), Limits.pageAlign(m.len()), i -> pages[i] = null);
        } else if (op instanceof Op.Mbind m && Limits.pageAlign(m.len()) != 0) {
            Optional<Mempolicy> pol = PolicyRules.fromUser(m.mode(), m.nodes(), config.nodes());
            forPages(m.start(), Limits.pageAlign(m.len()), i -> {
                if (pages[i] != null) {
                    pages[i] = new Page(pages[i].kind(), pages[i].segment(), pages[i].pgoff(), pol);
                }
            });
        } else if (op instanceof Op.Fork && r instanceof Result.Forked) {
            mms.add(pages.clone());
            mmUsers.add(1);
            mmOfTask.add(mms.size() - 1);
            alive.add(true);
        } else if (op instanceof Op.Exit) {
            int mm = mmOf(op.task());
            alive.set(op.task(), false);
            mmUsers.set(mm, mmUsers.get(mm) - 1);
            if (mmUsers.get(mm) == 0) {
                Arrays.fill(pages, null);
            }
        }
    }

    private interface PageAction {
        void at(int index);
    }

    /** Runs {@code action} on every page index of {@code [addr, addr+len)} inside the address space. */
    private void forPages(long addr, long len, PageAction action) {
        long first = addr >>> Limits.PAGE_SHIFT;
        long last = (addr + len) >>> Limits.PAGE_SHIFT;
        for (long i = first; Long.compareUnsigned(i, last) < 0 && Long.compareUnsigned(i, config.pages()) < 0; i++) {
            action.at((int) i);
        }
    }

    /* --------------- Predictions --------------- */

    /** The outcome the pages decide for {@code op}, or {@link Outcome#UNKNOWN}. */
    public Outcome expected(Op op) {
        if (!alive(op.task())) {
            return Outcome.error(Errno.ESRCH);
        }
        Page[] pages = mms.get(mmOf(op.task()));
        if (op instanceof Op.Mbind m) {
            return mbind(pages, m);
        } else if (op instanceof Op.Munmap m && validRange(m.addr(), m.len()) && m.len() != 0) {
            long end = m.addr() + Limits.pageAlign(m.len());
            return straddled(pages, m.addr()) || straddled(pages, end) ? Outcome.error(Errno.EINVAL) : Outcome.OK;
        } else if (op instanceof Op.Mmap m && m.kind() == MapKind.ANON && validRange(m.addr(), m.len())
                && m.len() != 0 && m.addr() >= Limits.MMAP_MIN_ADDR) {
            long end = m.addr() + Limits.pageAlign(m.len());
            return straddled(pages, m.addr()) || straddled(pages, end) ? Outcome.error(Errno.EINVAL) : Outcome.OK;
        }
        return Outcome.UNKNOWN;
    }

    private Outcome mbind(Page[] pages, Op.Mbind m) {
        int known = MbindFlag.MPOL_MF_STRICT.bit() | MbindFlag.MPOL_MF_MOVE.bit();
        if ((m.flags() & ~known) != 0 || !validRange(m.start(), m.len())) {
            return Outcome.UNKNOWN;
        }
        Optional<Mempolicy> pol;
        try {
            pol = PolicyRules.fromUser(m.mode(), m.nodes(), config.nodes());
        } catch (SyscallFailure f) {
            return Outcome.UNKNOWN;
        }
        long end = m.start() + Limits.pageAlign(m.len());
        if (end == m.start()) {
            return Outcome.OK;
        }
        int first = (int) (m.start() >>> Limits.PAGE_SHIFT);
        int last = (int) (end >>> Limits.PAGE_SHIFT);
        boolean any = false;
        boolean hole = false;
        for (int i = first; i < last; i++) {
            any |= pages[i] != null;
            hole |= pages[i] == null;
        }
        if (!any || (hole && pol.isPresent())) {
            return Outcome.error(Errno.EFAULT);
        }
        boolean splitLow = straddled(pages, m.start()) && !pages[first].policy().equals(pol);
        boolean splitHigh = straddled(pages, end) && !pages[last - 1].policy().equals(pol);
        return splitLow || splitHigh ? Outcome.error(Errno.EINVAL) : Outcome.OK;
    }

    /** Page-aligned start and {@code [addr, addr + PAGE_ALIGN(len))} inside the address space. */
    private boolean validRange(long addr, long len) {
        long size = config.taskSize();
        return Limits.aligned(addr, Limits.PAGE_SIZE) && Long.compareUnsigned(addr, size) <= 0
                && Long.compareUnsigned(len, size - addr) <= 0;
    }

    /** True when one hugetlb VMA covers both sides of {@code boundary} and {@code boundary} is not huge-page aligned. */
    private boolean straddled(Page[] pages, long boundary) {
        if (Limits.aligned(boundary, Limits.HPAGE_SIZE)) {
            return false;
        }
        int i = (int) (boundary >>> Limits.PAGE_SHIFT);
        if (i <= 0 || i >= pages.length || pages[i - 1] == null || pages[i] == null) {
            return false;
        }
        return pages[i].kind() == MapKind.HUGETLB && pages[i - 1].kind() == MapKind.HUGETLB
                && pages[i].segment() == pages[i - 1].segment() && Objects.equals(pages[i].policy(), pages[i - 1].policy());
    }

    private static long alignUp(long len, long size) {
        return (len + size - 1) & -size;
    }
}
