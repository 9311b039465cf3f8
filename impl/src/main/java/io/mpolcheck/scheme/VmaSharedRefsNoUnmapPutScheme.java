package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code vma-shared-refs-no-unmap-put}: {@code vma-holds-shared-refs-2007} without the drop at
 * unmap — the part Lee's message says has no hook yet ("we don't have a unmap file operation, so I'd
 * have to add one"). Every reference an attached VMA took stays: each policy that was ever in the
 * tree while a VMA was attached outlives the segment. A leak, found at teardown.
 *
 * <p>The one mistake: {@link #unmapShared} forgets the VMA without putting its references. A
 * variant made for this toolkit from the proposal's stated gap; no kernel shipped it.
 */
public final class VmaSharedRefsNoUnmapPutScheme extends VmaHoldsSharedRefs2007Scheme {

    /** Registers {@code vma-shared-refs-no-unmap-put}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("vma-shared-refs-no-unmap-put",
                    "vma-holds-shared-refs-2007 without the put at unmap (there was no unmap hook): every policy "
                            + "that was in the tree while a VMA was attached leaks.",
                    "seed 004 (Figure 3 and its missing unmap hook); a toolkit variant, not a kernel commit",
                    ViolationClass.LEAK).withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // Figure 3 without the put at unmap: the detached VMA's references stay
                    .withWitness(Witness.of("vma-holds-shared-refs-2007",
                            "t0 shmdt(0x4000)", "t2 alloc_page(0x9000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new VmaSharedRefsNoUnmapPutScheme(world, heap);
        }
    }

    public VmaSharedRefsNoUnmapPutScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected void unmapShared(java.util.List<io.mpolcheck.kernel.KPolicy> references) {
        // the VMA is gone; its references are not dropped
    }
}
