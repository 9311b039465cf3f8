package io.mpolcheck.model;

import java.util.List;
import java.util.SortedMap;

/**
 * Everything the reference model knows after a step, as values: tasks, address spaces with their
 * VMAs, and the ghost lifetime state. Two views are equal exactly when the worlds are; the
 * "a failed call changes nothing" property compares views before and after.
 *
 * @param tasks every task slot ever used, by number
 * @param mms every address space ever created, by number: its VMAs in address order
 * @param segments the shm segments that exist, by {@code shmid}, with their shared policy trees
 * @param ghost which policy objects are alive, who holds them, and which were freed
 */
public record WorldView(List<TaskView> tasks, SortedMap<Integer, List<Vma>> mms, List<SegmentView> segments,
        GhostState ghost) {

    public WorldView {
        tasks = List.copyOf(tasks);
        mms = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(mms));
        segments = List.copyOf(segments);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        tasks.forEach(t -> sb.append(t).append('\n'));
        mms.forEach((mm, vmas) -> {
            sb.append("mm").append(mm).append(vmas.isEmpty() ? " (no VMAs)" : "").append('\n');
            vmas.forEach(v -> sb.append("  ").append(v).append('\n'));
        });
        segments.forEach(g -> sb.append(g).append('\n'));
        return sb.append(ghost).toString();
    }
}
