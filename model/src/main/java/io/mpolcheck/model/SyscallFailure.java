package io.mpolcheck.model;

/**
 * Thrown inside the reference model when a call fails its checks; the model turns it into an
 * {@code errno} result. It is raised only before the world is changed, which is what makes
 * "an operation that fails changes nothing" hold.
 */
public final class SyscallFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public SyscallFailure(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** Throws a failure with {@code errno} when {@code condition} holds. */
    public static void failIf(boolean condition, Errno errno) {
        if (condition) {
            throw new SyscallFailure(errno);
        }
    }
}
