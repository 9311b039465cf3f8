package io.mpolcheck.mutation;

/**
 * Where scheme code calls a primitive: the calling class (simple name), method and line — the first
 * stack frame in a scheme's or a lookup's package ({@code io.mpolcheck.scheme},
 * {@code io.mpolcheck.lookup}) — and the scheme frame that called that method ({@code via}, empty
 * if none), so that a helper such as {@code underReadLock} gives one site per caller, not one for
 * all of them. Stable as long as the source lines do not move; two calls of the same primitive on
 * one line are one site.
 */
public record Site(String className, String method, int line, String via) implements Comparable<Site> {

    /** {@code ClassName.method:line}, then {@code  < caller:line} when there is a calling scheme frame. */
    @Override
    public String toString() {
        return className + "." + method + ":" + line + (via.isEmpty() ? "" : " < " + via);
    }

    @Override
    public int compareTo(Site o) {
        int c = className.compareTo(o.className);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        c = c != 0 ? c : method.compareTo(o.method);
        return c != 0 ? c : via.compareTo(o.via);
    }
}
