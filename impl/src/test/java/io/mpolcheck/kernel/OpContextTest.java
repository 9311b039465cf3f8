package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpContextTest {
    @AfterEach
    void clear() {
        OpContext.exit();
    }

    @Test
    void describe_namesTaskAndOperation() {
        OpContext.enter(1, "t1 numa_maps(t0)");
        assertThat(OpContext.describe()).isEqualTo("task t1 during: t1 numa_maps(t0)");
    }

    @Test
    void describe_withoutOperation_namesTheThread() {
        assertThat(OpContext.describe()).isEqualTo("thread " + Thread.currentThread().getName());
    }

    @Test
    void exit_clears() {
        OpContext.enter(0, "t0 exit()");
        OpContext.exit();
        assertThat(OpContext.describe()).startsWith("thread ");
    }

    @Test
    void enter_isPerThread() throws InterruptedException {
        OpContext.enter(0, "t0 exit()");
        String[] seen = new String[1];
        Thread other = new Thread(() -> seen[0] = OpContext.describe(), "other");
        other.start();
        other.join();
        assertThat(seen[0]).isEqualTo("thread other");
    }

    @Test
    void currentTask_isTheEnteredTask_andMinusOneOutsideAnOperation() {
        assertThat(OpContext.currentTask()).isEqualTo(-1);
        OpContext.enter(3, "t3 exit()");
        assertThat(OpContext.currentTask()).isEqualTo(3);
        OpContext.exit();
        assertThat(OpContext.currentTask()).isEqualTo(-1);
    }
}
