package io.mpolcheck.kernel;

/**
 * The operation the current thread is running, as a KASAN report names the task that did an
 * access: {@code "task t1 during: t1 numa_maps(t0)"}. A scheme calls {@link #enter} when it starts
 * an operation for a task and {@link #exit} when the operation returns; the heap calls
 * {@link #describe} to record allocation, free and access sites.
 *
 * <p>Stands for {@code current} ({@code comm}/{@code pid}) in {@code mm/kasan/report.c} and
 * {@code mm/kmemleak.c}. Not modelled: stack traces (a site is the operation, not a call chain),
 * nesting ({@code enter} replaces whatever was set; there is no stack of operations), interrupt
 * context.
 */
public final class OpContext {
    private static final ThreadLocal<Site> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Integer> TASK = new ThreadLocal<>();

    private OpContext() {
    }

    /**
     * Marks the current thread as running {@code opText} for task {@code task}.
     *
     * @param task the task number, printed as {@code t<task>}
     * @param op the operation, printed by its {@code toString()} in the op syntax (e.g.
     *     {@code "t1 numa_maps(t0)"}) only when a report names the site
     */
    public static void enter(int task, Object op) {
        CURRENT.set(new Site(task, op));
        TASK.set(task);
    }

    /** An entered operation; turned into text only when a report needs it (a model checker runs millions). */
    private record Site(int task, Object op) {
        @Override
        public String toString() {
            return "task t" + task + " during: " + op;
        }
    }

    /** Clears the current thread's operation. */
    public static void exit() {
        CURRENT.remove();
        TASK.remove();
    }

    /**
     * {@code current}: the task whose operation this thread runs, or -1 outside an operation.
     * For kernel code that re-enters on behalf of whoever is running (an allocation KASAN makes
     * while freeing, catalogue entry 12).
     */
    public static int currentTask() {
        Integer t = TASK.get();
        return t == null ? -1 : t;
    }

    /**
     * The current site: {@code "task t1 during: t1 numa_maps(t0)"}, or {@code "thread <name>"}
     * when no operation was entered (the thread name is only as stable as the caller makes it).
     */
    public static String describe() {
        return describe(capture());
    }

    /**
     * The current site, cheaply: the entered operation's text, or the thread itself; turn it into
     * text with {@link #describe(Object)} only when a report needs it. For hot paths that remember
     * a site (an RCU dereference), where building the string on every call would dominate a model
     * checker's run.
     */
    static Object capture() {
        Site s = CURRENT.get();
        return s != null ? s : Thread.currentThread();
    }

    /** The text of a site from {@link #capture()}; null for null (no site). */
    static String describe(Object captured) {
        return captured == null ? null : captured instanceof Thread t ? "thread " + t.getName() : captured.toString();
    }
}
