package io.mpolcheck.model;

/**
 * The error numbers the modelled system calls return, with their Linux values and the text
 * {@code strerror()} gives, so that a result reads like an {@code strace} line:
 * {@code = -1 EINVAL (Invalid argument)}.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EIO(5, "Input/output error"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EFAULT(14, "Bad address"),
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    EOPNOTSUPP(95, "Operation not supported");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    /** The message {@code strerror()} gives for this number. */
    public String text() {
        return text;
    }
}
