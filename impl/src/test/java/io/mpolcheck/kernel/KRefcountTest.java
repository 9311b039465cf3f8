package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.report.ViolationClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KRefcount} on its own (a count of a {@link KPolicy} is tested in {@link PolicyHeapTest}). */
class KRefcountTest {
    @BeforeEach
    void enter() {
        OpContext.enter(2, "t2 get_mempolicy(NULL, NULL, 0, 0, 0)");
    }

    @AfterEach
    void exit() {
        OpContext.exit();
    }

    @Test
    void setAndRead() {
        KRefcount r = new KRefcount();
        assertThat(r.read()).isZero();
        r.set(5);
        assertThat(r.read()).isEqualTo(5);
    }

    @Test
    void inc_addsOne() {
        KRefcount r = new KRefcount(1);
        r.inc();
        assertThat(r.read()).isEqualTo(2);
    }

    @Test
    void incNotZero_onZero_failsAndChangesNothing() {
        KRefcount r = new KRefcount(0);
        assertThat(r.incNotZero()).isFalse();
        assertThat(r.read()).isZero();
        assertThat(r.sink().first()).isEmpty();
    }

    @Test
    void incNotZero_onOne_succeeds() {
        KRefcount r = new KRefcount(1);
        assertThat(r.incNotZero()).isTrue();
        assertThat(r.read()).isEqualTo(2);
    }

    @Test
    void decAndTest_trueOnlyWhenReachingZero() {
        KRefcount r = new KRefcount(2);
        assertThat(r.decAndTest()).isFalse();
        assertThat(r.decAndTest()).isTrue();
        assertThat(r.read()).isZero();
    }

    @Test
    void inc_fromZero_warnsAdditionOnZeroAndSaturates() {
        KRefcount r = new KRefcount(0);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::inc);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_INC_FROM_ZERO);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: addition on 0; use-after-free.
                refcount_inc on refcount_t by task t2 during: t2 get_mempolicy(NULL, NULL, 0, 0, 0)
                """);
        assertThat(r.read()).isEqualTo(KRefcount.SATURATED);
        assertThat(r.sink().first()).containsSame(expected);
    }

    @Test
    void decAndTest_ofZero_warnsUnderflow() {
        KRefcount r = new KRefcount(0);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::decAndTest);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: underflow; use-after-free.
                refcount_dec_and_test on refcount_t by task t2 during: t2 get_mempolicy(NULL, NULL, 0, 0, 0)
                """);
        assertThat(r.read()).isEqualTo(KRefcount.SATURATED);
    }

    @Test
    void inc_atTheBound_warnsSaturated() {
        KRefcount r = new KRefcount(2, 3);
        r.inc();
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::inc);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_SATURATED);
        assertThat(expected.headline()).isEqualTo("refcount_t: saturated; leaking memory.");
        assertThat(r.read()).isEqualTo(KRefcount.SATURATED);
    }

    @Test
    void incNotZero_atTheBound_succeedsAndWarnsSaturated() {
        KRefcount r = new KRefcount(3, 3);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::incNotZero);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: saturated; leaking memory.
                refcount_inc_not_zero on refcount_t by task t2 during: t2 get_mempolicy(NULL, NULL, 0, 0, 0)
                """);
    }

    @Test
    void saturated_staysSaturated_andDecrementWarnsUnderflow() {
        KRefcount r = new KRefcount(0);
        catchThrowableOfType(LifetimeViolation.class, r::inc);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::decAndTest);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(r.read()).isEqualTo(KRefcount.SATURATED);
        assertThat(r.sink().all()).hasSize(2);
        assertThat(r.sink().first().orElseThrow().violationClass()).isEqualTo(ViolationClass.REFCOUNT_INC_FROM_ZERO);
    }

    @Test
    void inc_atIntMax_saturatesByDefault() {
        KRefcount r = new KRefcount(Integer.MAX_VALUE);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, r::inc);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_SATURATED);
    }
}
