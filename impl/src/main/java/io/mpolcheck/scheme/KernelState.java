package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.model.PolicyRef;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory of a simulated kernel as the built-in schemes share it: the structure (tasks, VMAs,
 * policy values) is kept by a {@link MempolicyModel}, and every policy object of that structure
 * has a kernel object in the {@link PolicyHeap}. Each method is one atomic step — a pointer load
 * or a structural update done while the scheme holds whatever locks its rules require — so the
 * interleavings a checker explores are those of the scheme's own steps: lock, load a pointer,
 * dereference it through the heap, drop a reference.
 *
 * <p>What this does not model: the structure itself cannot be torn by a scheme that forgets a
 * lock (the VMA tree is always consistent); only the lifetime of policy objects is at the scheme's
 * mercy. That is where every bug of the catalogue's task/VMA entries lives.
 */
public final class KernelState {

    /** A structural update: what user space sees, and the kernel objects the structure let go of. */
    public record Change(Result result, List<KPolicy> released) {
    }

    private final MempolicyModel world;
    private final PolicyHeap heap;
    private final Map<PolicyId, KPolicy> objects = new HashMap<>();

    public KernelState(WorldConfig config, PolicyHeap heap) {
        this.world = new MempolicyModel(config);
        this.heap = heap;
    }

    public WorldConfig config() {
        return world.config();
    }

    /**
     * Applies {@code op} to the structure: new policy objects are allocated from the heap (each
     * with the one reference its holder owns); objects the structure dropped are returned, still
     * allocated, for the scheme to {@code mpol_put} when its rules say.
     */
    public synchronized Change apply(Op op) {
        Map<PolicyId, Mempolicy> before = world.liveObjects();
        Result result = world.apply(op);
        Map<PolicyId, Mempolicy> after = world.liveObjects();
        after.forEach((id, value) -> {
            if (!id.isStatic() && !before.containsKey(id)) {
                objects.put(id, heap.alloc(value));
            }
        });
        List<KPolicy> released = new ArrayList<>();
        before.keySet().stream().filter(id -> !id.isStatic() && !after.containsKey(id))
                .forEach(id -> released.add(objects.remove(id)));
        return new Change(result, released);
    }

    /** {@code READ_ONCE(task->mempolicy)}: empty when the task has none or does not exist. */
    public synchronized Optional<KPolicy> taskPolicy(int task) {
        return world.taskPolicy(task).map(this::object);
    }

    /** {@code vma->vm_policy} of the VMA containing {@code addr} in {@code task}'s address space. */
    public synchronized Optional<KPolicy> vmaPolicy(int task, long addr) {
        return world.vmaContaining(task, addr).flatMap(Vma::policy).map(this::object);
    }

    /** The VMA containing {@code addr} in {@code task}'s address space. */
    public synchronized Optional<Vma> vma(int task, long addr) {
        return world.vmaContaining(task, addr);
    }

    /** For each VMA of {@code task}'s address space, in address order, its policy or empty. */
    public synchronized List<Optional<KPolicy>> vmaPolicySlots(int task) {
        return world.vmas(task).stream().map(v -> v.policy().map(this::object)).toList();
    }

    /** The address space of {@code task}, or -1 if no such task was ever created. */
    public synchronized int mmOf(int task) {
        return world.mmOf(task);
    }

    /** The kernel object standing for a model policy object. */
    private KPolicy object(PolicyRef ref) {
        KPolicy k = objects.get(ref.id());
        if (k == null) {
            throw new IllegalStateException("no kernel object for " + ref);
        }
        return k;
    }
}
