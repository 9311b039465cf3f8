package io.mpolcheck.kernel;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.report.ViolationClass;

/**
 * One {@code struct mempolicy} in the {@link PolicyHeap}: its identity, its reference count
 * ({@code refcnt}), its internal {@code flags} word, and its value ({@code mode}, mode flags,
 * {@code nodes}, {@code w.user_nodemask}), which only the heap reads and writes, with a
 * use-after-free check on every access.
 *
 * <p>Names are {@code mpol#N} (dynamic, numbered from 1 per heap in allocation order),
 * {@code default_policy} and {@code preferred_node_policy[n]} (static), matching
 * {@link PolicyId}. {@link #toString()} is the name only: it never reads the object.
 *
 * <p>The interleave cursor ({@code il_prev}) is kept here, with the object, although the kernel
 * keeps it in the task: it matters only for a task's own interleaving policy, every install of
 * one makes a new object (which starts the cursor again, as {@code do_set_mempolicy()} resets
 * {@code il_prev}), and a fork copies it with the object ({@code mpol_dup()}, {@code il_prev}
 * inherited). Kept with the object, a reader that loaded the pointer reads the cursor that goes
 * with it.
 *
 * <p>Not modelled: {@code home_node}, {@code w.cpuset_mems_allowed}; the user mode flags live in
 * the {@link Mempolicy} value, not in {@link #flags}.
 */
public final class KPolicy {
    /** {@code MPOL_F_SHARED}: a shared (shmem) policy; its users hold a conditional reference. */
    public static final int MPOL_F_SHARED = 1 << 0;
    /** {@code MPOL_F_MOF}: migrate on fault. */
    public static final int MPOL_F_MOF = 1 << 3;
    /** {@code MPOL_F_MORON}: migrate on protnone reference on node. */
    public static final int MPOL_F_MORON = 1 << 4;

    private final PolicyHeap heap;
    private final int id;
    private final String name;
    private final Object allocSite; // null for a static object; OpContext.capture(), text on demand
    private final KRefcount refcount;

    // Guarded by heap; freeSite is volatile because a direct KRefcount access checks it.
    Mempolicy value;
    int flags;
    int ilPrev = io.mpolcheck.model.Limits.MAX_NUMNODES - 1;
    volatile Object freeSite; // OpContext.capture() of the free
    private volatile Object schemeData;

    KPolicy(PolicyHeap heap, int id, Mempolicy value, int flags, Object allocSite, int refcountMax) {
        this.heap = heap;
        this.id = id;
        this.name = new PolicyId(id).toString();
        this.value = value;
        this.flags = flags;
        this.allocSite = allocSite;
        this.refcount = new KRefcount(1, refcountMax, heap.sink(), new Subject());
    }

    /** The object number: {@code -1} for {@code default_policy}, {@code -2-n} for {@code preferred_node_policy[n]}, else 1, 2, ... */
    public int id() {
        return id;
    }

    /** The same identity in the model's vocabulary. */
    public PolicyId policyId() {
        return new PolicyId(id);
    }

    /** {@code mpol#3}, {@code default_policy} or {@code preferred_node_policy[1]}. */
    public String name() {
        return name;
    }

    /** True for {@code default_policy} and {@code preferred_node_policy[]}: never freed. */
    public boolean isStatic() {
        return allocSite == null;
    }

    /**
     * {@code &pol->refcnt}. Operations on it check that the object is not freed first; prefer
     * {@link PolicyHeap#get}/{@link PolicyHeap#put}, which also free at zero.
     */
    public KRefcount refcount() {
        return refcount;
    }

    /**
     * What a scheme keeps in the object beside the heap's fields, e.g. a {@link PercpuRef} that
     * replaces {@code refcnt} (Zhongkun He's series); null until {@link #attach} is called.
     */
    public Object schemeData() {
        return schemeData;
    }

    /** Sets {@link #schemeData()}, once, right after allocation. */
    public void attach(Object data) {
        this.schemeData = data;
    }

    /** The name only; reading the value needs {@link PolicyHeap#read}. */
    @Override
    public String toString() {
        return name;
    }

    PolicyHeap heap() {
        return heap;
    }

    String allocSite() {
        return OpContext.describe(allocSite);
    }

    boolean isFreed() {
        return freeSite != null;
    }

    /** {@code mpol#3 (bind:0-1)}. */
    String label() {
        return name + " (" + value + ")";
    }

    /** The report lines after the access line: where it was allocated and, if so, freed. */
    String history() {
        if (allocSite == null) {
            return "Allocated statically (never free it)\n";
        }
        Object freed = freeSite;
        return "Allocated by " + OpContext.describe(allocSite) + "\n"
                + (freed == null ? "" : "Freed by " + OpContext.describe(freed) + "\n");
    }

    /** KASAN's check of one access to this object. */
    void checkAccess(String access) {
        if (freeSite != null && !heap.isBlind()) {
            throw heap.sink().record(new LifetimeViolation(ViolationClass.USE_AFTER_FREE,
                    Reports.useAfterFree(label(), access, OpContext.describe(), history())));
        }
    }

    private final class Subject implements KRefcount.Subject {
        @Override
        public String label() {
            return KPolicy.this.label();
        }

        @Override
        public void checkAccess(String access) {
            KPolicy.this.checkAccess(access);
        }

        @Override
        public String history() {
            return KPolicy.this.history();
        }
    }
}
