package io.mpolcheck.kernel;

/**
 * Broken on purpose, for the fixtures that must fail: an {@link Rcu} whose {@code call_rcu} runs
 * the callback at once, without waiting for a grace period (as entry 17's synchronous fallback
 * frees at once). Readers, grace periods and the lifetime check are the real ones.
 */
final class NoGraceRcu extends Rcu {
    NoGraceRcu(int readers) {
        super(readers);
    }

    @Override
    public void callRcu(Runnable callback) {
        callback.run(); // the mistake: no grace period
    }
}
