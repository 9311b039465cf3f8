package io.mpolcheck.model;

import java.util.List;

/**
 * A SysV shm segment as the reference model sees it after a step: its {@code shmid}, its size in
 * pages, whether {@code shmctl(IPC_RMID)} has marked it (it goes when its last attachment does),
 * and the ranges of its shared policy tree ({@code struct shared_policy}).
 *
 * @param ranges the tree's {@code sp_node}s in page-offset order
 */
public record SegmentView(int shmid, long pages, boolean removed, List<SharedPolicyTree.Node<PolicyRef>> ranges) {

    public SegmentView {
        ranges = List.copyOf(ranges);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("shm").append(shmid).append(' ').append(pages).append(" pages")
                .append(removed ? " (IPC_RMID)" : "");
        ranges.forEach(n -> sb.append(" [").append(n.start()).append('-').append(n.end()).append(")=")
                .append(n.policy()));
        return sb.toString();
    }
}
