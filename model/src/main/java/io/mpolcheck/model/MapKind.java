package io.mpolcheck.model;

/**
 * What backs a VMA, as far as memory policy cares.
 *
 * <ul>
 *   <li>{@link #ANON}: a private anonymous mapping; {@code vm_pgoff} is the virtual page number, so
 *       neighbours are always offset-contiguous, and neighbours with equal policies merge.</li>
 *   <li>{@link #HUGETLB}: a SysV {@code SHM_HUGETLB} segment (hugetlbfs has no {@code get_policy}
 *       operation, so the policy lives in the VMA, as in {@code shm_get_policy()}); each
 *       {@code mmap} creates a new segment mapped from offset 0. Splits must fall on huge page
 *       boundaries ({@code hugetlb_vm_op_split()} returns {@code EINVAL}); such VMAs never merge,
 *       because their {@code vm_ops} have a {@code close} method.</li>
 *   <li>{@link #SHM}: an attachment of a SysV shared memory segment backed by shmem (tmpfs),
 *       made by {@code shmat}, never by {@code mmap}; {@code vm_pgoff} is the page offset in the
 *       segment. Its policies live in the segment's shared policy tree, not in the VMA (the VMA's
 *       {@code vm_ops->get_policy} is {@code shm_get_policy} → {@code shmem_get_policy}); such VMAs
 *       never merge ({@code shm_vm_ops} has a {@code close} method).</li>
 * </ul>
 */
public enum MapKind {
    ANON("anon"),
    HUGETLB("hugetlb"),
    SHM("shm");

    private final String token;

    MapKind(String token) {
        this.token = token;
    }

    /** The word used in the operation syntax. */
    public String token() {
        return token;
    }

    /** The kind with this token, or null. */
    public static MapKind ofToken(String token) {
        for (MapKind k : values()) {
            if (k.token.equals(token)) {
                return k;
            }
        }
        return null;
    }

    /** The page order of the VMA's pages: 0 for base pages, {@link Limits#HPAGE_ORDER} for hugetlb. */
    public int order() {
        return this == HUGETLB ? Limits.HPAGE_ORDER : 0;
    }

    /** The granularity at which this VMA may be split. */
    public long splitGranule() {
        return Limits.PAGE_SIZE << order();
    }
}
