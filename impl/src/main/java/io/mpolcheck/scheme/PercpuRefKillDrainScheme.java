package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PercpuRef;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import java.util.Optional;

/**
 * {@code percpu-ref-kill-drain}: Zhongkun He's Dec 2022 series (catalogue entry 18) done the way
 * Michal Hocko's review asked. Every policy's {@code refcnt} is a {@code percpu_ref}
 * ({@link KPolicy#schemeData()}) whose release is {@code kfree_rcu}; a task-policy reader does
 * {@code rcu_read_lock(); pol = rcu_dereference(task->mempolicy); if (pol && !mpol_tryget(pol))
 * pol = NULL; rcu_read_unlock()}, falls back to the default policy when the tryget fails, and puts
 * after the use; an installer swaps under {@code task_lock} and {@code mpol_kill()}s the old policy
 * ({@code percpu_ref_kill}: dead, switch to atomic mode after a grace period, initial reference
 * dropped). The reader's CPU is its task slot.
 *
 * <p>A {@code tryget} (not {@code _live}) may still succeed on a killed policy that is not released
 * yet, so a reader can use a replaced policy for a grace period or more: stale, not unsafe. VMA
 * policies keep {@code mmap_lock} (the series also took references in {@code get_vma_policy};
 * not modelled); their old policies are killed too.
 */
public class PercpuRefKillDrainScheme extends RcuTaskPolicyScheme {

    /** Registers {@code percpu-ref-kill-drain}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("percpu-ref-kill-drain",
                    "Each policy's refcnt is a percpu_ref released by kfree_rcu; readers tryget under "
                            + "rcu_read_lock (falling back to the default policy when it fails) and put after the "
                            + "use; installers swap under task_lock and percpu_ref_kill the old policy.",
                    "catalogue entry 18; Zhongkun He <20221204161432.2149375-1-hezhongkun.hzk@bytedance.com>, "
                            + "with Michal Hocko's review <Y8GPCT2w0WKARLVF@dhcp22.suse.cz> applied; seed 000")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PercpuRefKillDrainScheme(world, heap);
        }
    }

    /**
     * The {@code percpu_ref}s, made up front, one per policy the scheme may allocate, and not in the
     * allocator, which runs inside the kernel-state bookkeeping that Lincheck does not trace: per-VMA
     * locks made there hung the checker (a real {@code wait()} that Lincheck did not manage,
     * presumably because it took the untraced object for a thread-local one), so shared kernel
     * objects are made where Lincheck sees them. Policy {@code mpol#N} gets {@code refs[N-1]}.
     */
    private final PercpuRef[] refs;
    private final KPolicy[] owners;

    public PercpuRefKillDrainScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
        this.refs = new PercpuRef[MAX_POLICIES];
        this.owners = new KPolicy[MAX_POLICIES];
        for (int i = 0; i < MAX_POLICIES; i++) {
            int slot = i;
            refs[i] = new PercpuRef("mpol#" + (i + 1) + "->refcnt", rcu, world.maxTasks(), () -> mpolRelease(slot));
        }
        state.useAllocator(this::allocate);
        access.usePercpuRefs(PercpuRefKillDrainScheme::ref);
    }

    /** More policies than any scenario of the checker allocates (a scenario makes a few dozen). */
    private static final int MAX_POLICIES = 64;

    /** {@code mpol_new()} with {@code percpu_ref_init(&pol->refcnt, mpol_release, 0, GFP_KERNEL)}. */
    private KPolicy allocate(Mempolicy value, KernelState.Role role) {
        KPolicy pol = heap.alloc(value, role == KernelState.Role.PRIVATE ? 0 : KPolicy.MPOL_F_SHARED);
        int slot = pol.id() - 1;
        if (slot >= MAX_POLICIES) {
            throw new IllegalStateException("percpu-ref schemes allocate at most " + MAX_POLICIES + " policies");
        }
        owners[slot] = pol;
        refs[slot].initialisedHere();
        pol.attach(refs[slot]);
        return pol;
    }

    /** {@code mpol_release()}: {@code percpu_ref_exit()}, then {@code kfree_rcu(pol, w.rcu)}. */
    private void mpolRelease(int slot) {
        rcu.kfreeRcu(owners[slot], heap);
    }

    protected static PercpuRef ref(KPolicy pol) {
        return (PercpuRef) pol.schemeData();
    }

    /** {@code get_task_mpol()}: the {@code rcu_dereference} and a {@code tryget} inside one read-side section; {@code percpu_ref_put} after the use. */
    @Override
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.RCU_PERCPU_TRYGET;
    }

    /** The holder's reference goes with {@code mpol_kill()} → {@code percpu_ref_kill()}. */
    @Override
    protected void release(KPolicy pol) {
        ref(pol).kill();
    }

    /** The CPU a holder's put runs on: the current task's slot. */
    protected static int currentCpu() {
        return Math.max(OpContext.currentTask(), 0);
    }

    /** After the grace periods, every ref must have been released; else its state is reported as a leak. */
    @Override
    public void quiesce() {
        super.quiesce();
        if (heap.reportsSuppressed()) {
            return;
        }
        for (int i = 0; i < MAX_POLICIES && owners[i] != null; i++) {
            refs[i].checkReleasedAtTeardown();
        }
    }
}
