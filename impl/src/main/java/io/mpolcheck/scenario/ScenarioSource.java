package io.mpolcheck.scenario;

/** Where a check's scenarios come from: the same seed always gives the same scenario. */
public interface ScenarioSource {

    /** The scenario for {@code seed}. */
    Scenario generate(long seed);

    /** How many shm segments a scenario creates (shmids 0 .. n-1), which teardown removes before every task exits. */
    default int segments() {
        return 0;
    }
}
