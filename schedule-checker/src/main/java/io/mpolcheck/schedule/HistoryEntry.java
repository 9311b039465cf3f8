package io.mpolcheck.schedule;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;

/**
 * One completed operation of a concurrent history: the task that ran it, the operation, what the
 * scheme answered, and when it was invoked and when it returned on the history's event clock
 * (a counter shared by all tasks: {@code invoked < returned}, and every clock value is used once).
 * Operation {@code a} precedes {@code b} in real time when {@code a.returned() < b.invoked()}.
 */
public record HistoryEntry(int task, Op op, Result result, int invoked, int returned) {

    public HistoryEntry {
        if (invoked >= returned) {
            throw new IllegalArgumentException("invoked " + invoked + " must be before returned " + returned);
        }
    }

    /** Whether this entry returned before {@code other} was invoked. */
    public boolean precedes(HistoryEntry other) {
        return returned < other.invoked;
    }
}
