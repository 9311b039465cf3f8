package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Errno;
import io.mpolcheck.model.PolicyRules;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import java.util.List;

/**
 * {@code set-shared-policy-error-leak} (catalogue entry 9c): {@code mpol_set_shared_policy()} makes
 * the new range node with {@code sp_alloc()} — a node and a reference on its policy copy — before
 * calling {@code shared_policy_replace()}. When the replacement fails (it cannot allocate the node
 * for a split: {@code ENOMEM}), the error path freed the node with
 * {@code kmem_cache_free(sn_cache, new)} and forgot {@code mpol_put(new->policy)}: the policy leaks.
 *
 * <p>The failure is driven by the model's fault injection, {@code failslab()}. The node's policy is
 * allocated here when the failure is seen rather than before the replacement: nothing else can
 * reach it in between, so the order changes no lifetime outcome. The one mistake:
 * {@link #newNodeOnError} is never put. Fixed by 63f74ca21f1f "mempolicy: fix refcount leak in
 * mpol_set_shared_policy()" (KOSAKI Motohiro, 2012), which made every path use {@code sp_free()}.
 */
public final class SetSharedPolicyErrorLeakScheme extends SharedCondRef2008Scheme {

    /** Registers {@code set-shared-policy-error-leak}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("set-shared-policy-error-leak",
                    "shared-cond-ref-2008, but when shared_policy_replace fails (ENOMEM, injected with failslab) "
                            + "the new node is freed without putting its policy: a leak per failure.",
                    "63f74ca21f1f \"mempolicy: fix refcount leak in mpol_set_shared_policy()\"; catalogue entry 9c",
                    ViolationClass.LEAK).withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 9c: the replacement fails (injected ENOMEM at the split); the new node's policy is never put
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 failslab()\nt0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0)", "t2 alloc_page(0x9000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new SetSharedPolicyErrorLeakScheme(world, heap);
        }
    }

    public SetSharedPolicyErrorLeakScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
    }

    @Override
    protected KernelState.Change setSharedPolicy(Op.Mbind op, List<SharedPolicyLock> locks) {
        KernelState.Change change = super.setSharedPolicy(op, locks);
        if (change.result().equals(new Result.Error(Errno.ENOMEM))) {
            newNodeOnError(op);
        }
        return change;
    }

    /** {@code sp_alloc(start, end, pol)}'s policy copy, which the error path frees only as a node. */
    private void newNodeOnError(Op.Mbind op) {
        PolicyRules.fromUser(op.mode(), op.nodes(), state.config().nodes())
                .ifPresent(value -> heap.alloc(value, KPolicy.MPOL_F_SHARED));
    }
}
