package io.mpolcheck.kernel;

/**
 * {@code sp->lock} of a {@code struct shared_policy} ({@code mm/mempolicy.c}): what guards a shmem
 * segment's policy range tree. Its kind changed over the years (catalogue, part (a) A1): a
 * spinlock until 2012 and again from v3.8 ({@link Kind#SPINLOCK}: lookups exclude each other too),
 * an {@code rwlock_t} since v4.5 ({@link Kind#RWLOCK}: lookups take it for read,
 * {@code shared_policy_replace()} for write). The 2012 mutex (b22d127a39dd) is not offered: it
 * differs from the spinlock only in allowing sleep, which nothing here does.
 *
 * <p>Built on {@link TaskLock} (a non-reentrant spinlock) and {@link MmapLock} (a writer-preferring
 * rw lock), so taking it twice on one thread deadlocks, as the kernel's would.
 */
public final class SharedPolicyLock {

    /** Which lock {@code sp->lock} is. */
    public enum Kind {
        SPINLOCK, RWLOCK
    }

    private final Kind kind;
    private final TaskLock spin = new TaskLock("sp->lock");
    private final MmapLock rw = new MmapLock("sp->lock");

    public SharedPolicyLock(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code read_lock(&sp->lock)} for a lookup ({@code spin_lock} for a spinlock). */
    public void readLock() {
        if (kind == Kind.SPINLOCK) {
            spin.lock();
        } else {
            rw.readLock();
        }
    }

    /** {@code read_unlock(&sp->lock)}. */
    public void readUnlock() {
        if (kind == Kind.SPINLOCK) {
            spin.unlock();
        } else {
            rw.readUnlock();
        }
    }

    /** {@code write_lock(&sp->lock)} for {@code shared_policy_replace()}. */
    public void writeLock() {
        if (kind == Kind.SPINLOCK) {
            spin.lock();
        } else {
            rw.writeLock();
        }
    }

    /** {@code write_unlock(&sp->lock)}. */
    public void writeUnlock() {
        if (kind == Kind.SPINLOCK) {
            spin.unlock();
        } else {
            rw.writeUnlock();
        }
    }

    @Override
    public String toString() {
        return "sp->lock(" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
