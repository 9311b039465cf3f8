package io.mpolcheck.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.Rcu;
import io.mpolcheck.kernel.TaskLock;
import io.mpolcheck.sched.DeterministicScheduler.Outcome;
import io.mpolcheck.sched.DeterministicScheduler.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduler on the primitives alone: exclusion, deadlock, step bound, replay, and what the strategies reach. */
class DeterministicSchedulerTest {

    @Test
    void tasksRunOneAtATimeAndEveryOneFinishes() {
        TaskLock lock = new TaskLock();
        int[] inside = {0};
        int[] maxInside = {0};
        Runnable body = () -> {
            for (int i = 0; i < 3; i++) {
                lock.lock();
                inside[0]++;
                maxInside[0] = Math.max(maxInside[0], inside[0]);
                Sched.point("inside");
                inside[0]--;
                lock.unlock();
            }
        };
        for (long seed = 0; seed < 50; seed++) {
            Outcome o = new DeterministicScheduler(Schedules.random(seed), 1000).run(List.of(body, body, body));
            assertThat(o.status()).isEqualTo(Status.COMPLETED);
            assertThat(o.failures()).allMatch(f -> f.isEmpty());
        }
        assertThat(maxInside[0]).isEqualTo(1);
    }

    @Test
    void locksTakenInOppositeOrdersDeadlockUnderSomeSchedule() {
        TaskLock a = new TaskLock();
        TaskLock b = new TaskLock();
        Set<Status> seen = new HashSet<>();
        String detail = "";
        for (long seed = 0; seed < 50; seed++) {
            Outcome o = new DeterministicScheduler(Schedules.random(seed), 1000).run(List.of(
                    () -> nested(a, b), () -> nested(b, a)));
            seen.add(o.status());
            if (o.status() == Status.DEADLOCK) {
                detail = o.detail();
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Status.COMPLETED, Status.DEADLOCK);
        assertThat(detail).contains("t0 waits in task_lock").contains("t1 waits in task_lock");
    }

    @Test
    void aWriterWaitsForTheReaderAndReadersQueueBehindAWaitingWriter() {
        MmapLock mm = new MmapLock();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Outcome o = new DeterministicScheduler(Schedules.replay("0x2,1x3,0x5"), 1000).run(List.of(
                () -> {
                    mm.readLock();
                    order.add("t0 reads");
                    mm.readUnlock();
                },
                () -> {
                    mm.writeLock();
                    order.add("t1 writes");
                    mm.writeUnlock();
                }));
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(order).containsExactly("t0 reads", "t1 writes");
    }

    @Test
    void aStepBoundEndsARunAsAHang() {
        Outcome o = new DeterministicScheduler(Schedules.random(1), 50).run(List.of(() -> {
            while (true) {
                Sched.point("spin");
            }
        }, () -> Sched.point("once")));
        assertThat(o.status()).isEqualTo(Status.HANG);
        assertThat(o.detail()).contains("step bound");
    }

    @Test
    void synchronizeRcuWaitsForAReaderInsideItsSection() {
        Rcu rcu = new Rcu(2);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        for (long seed = 0; seed < 30; seed++) {
            order.clear();
            Outcome o = new DeterministicScheduler(Schedules.random(seed), 1000).run(List.of(
                    () -> {
                        rcu.readLock(0);
                        order.add("reader in");
                        Sched.point("inside");
                        order.add("reader out");
                        rcu.readUnlock(0);
                    },
                    () -> {
                        rcu.synchronize();
                        order.add("grace period");
                    }));
            assertThat(o.status()).isEqualTo(Status.COMPLETED);
            if (order.indexOf("reader in") < order.indexOf("grace period")) {
                assertThat(order.indexOf("reader out")).isLessThan(order.indexOf("grace period"));
            }
        }
    }

    @Test
    void aRecordedScheduleReplaysTheSamePoints() {
        for (long seed = 0; seed < 20; seed++) {
            TaskLock lock = new TaskLock();
            Outcome first = new DeterministicScheduler(Schedules.pct(seed, 3, 20), 1000).run(threeTasks(lock));
            Outcome again = new DeterministicScheduler(Schedules.replay(first.schedule().line()), 1000)
                    .run(threeTasks(new TaskLock()));
            assertThat(again.schedule().points()).isEqualTo(first.schedule().points());
            assertThat(again.schedule().line()).isEqualTo(first.schedule().line());
        }
    }

    @Test
    void strategiesReachDifferentInterleavings() {
        Set<String> random = new HashSet<>();
        Set<String> pct = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            random.add(new DeterministicScheduler(Schedules.random(seed), 1000).run(threeTasks(new TaskLock()))
                    .schedule().line());
            pct.add(new DeterministicScheduler(Schedules.pct(seed, 2, 12), 1000).run(threeTasks(new TaskLock()))
                    .schedule().line());
        }
        assertThat(random).hasSizeGreaterThan(20);
        assertThat(pct).hasSizeGreaterThan(3);
    }

    @Test
    void aMalformedOrForeignScheduleLineIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Schedules.parse("0x2,zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("near 'zz'");
        assertThatThrownBy(() -> new DeterministicScheduler(Schedules.replay("5"), 1000).run(threeTasks(new TaskLock())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot run here");
        assertThatThrownBy(() -> new DeterministicScheduler(Schedules.replay("0"), 1000).run(threeTasks(new TaskLock())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends after 1 choices");
    }

    @Test
    void bytesDecideTheChoicesAndRunOutGracefully() {
        Outcome o = new DeterministicScheduler(Schedules.bytes(new byte[] {1, 1, 2}), 1000).run(threeTasks(new TaskLock()));
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.schedule().choices()).startsWith(1, 1);
    }

    private static List<Runnable> threeTasks(TaskLock lock) {
        Runnable body = () -> {
            lock.lock();
            Sched.point("a");
            lock.unlock();
            Sched.point("b");
        };
        return List.of(body, body, body);
    }

    private static void nested(TaskLock first, TaskLock second) {
        first.lock();
        second.lock();
        second.unlock();
        first.unlock();
    }
}
