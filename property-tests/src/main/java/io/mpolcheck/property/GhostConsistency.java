package io.mpolcheck.property;

import io.mpolcheck.model.GhostState;
import io.mpolcheck.model.Holder;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.model.PolicyRef;
import io.mpolcheck.model.TaskView;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Property (d): the ghost lifetime state agrees with the world after every step — the facts a
 * reference-counting scheme must keep ({@code mpol_get}/{@code mpol_put}, {@code default_policy}
 * "never free it").
 *
 * <ul>
 *   <li>holder: every task and VMA policy pointer refers to a live object with the same value,
 *       and the ghost holder lists are exactly the pointers the tasks and VMAs have;</li>
 *   <li>exited: an exited task holds no policy ({@code mpol_put_task_policy()} clears it);</li>
 *   <li>leak: no live dynamic object lacks a holder;</li>
 *   <li>freed: freed and live are disjoint, the freed set only grows, and no object once freed is
 *       ever live again (no reuse of an identity, no resurrection);</li>
 *   <li>static: {@code default_policy} and every {@code preferred_node_policy[n]} of the world are
 *       live, with their fixed values, and never freed.</li>
 * </ul>
 * Not checked: how many holders share one object (the model gives every holder its own copy, as
 * {@code mpol_dup()} does; the model itself throws on a double free).
 */
public final class GhostConsistency {

    private GhostConsistency() {
    }

    /** The first step after which the ghost state and the world disagree, or empty. */
    public static Optional<String> check(ModelUnderTest.Factory factory, WorldConfig world, List<Op> ops) {
        ModelUnderTest m = factory.create(world);
        Set<PolicyId> everFreed = new TreeSet<>();
        Optional<String> bad = facts(m.view(), world, everFreed);
        if (bad.isPresent()) {
            return bad.map(s -> "initial world: " + s);
        }
        for (int i = 0; i < ops.size(); i++) {
            Result r = m.apply(ops.get(i));
            bad = facts(m.view(), world, everFreed);
            if (bad.isPresent()) {
                return Optional.of(Counterexample.step(i, ops.get(i), r) + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    /** Checks one view; {@code everFreed} carries the objects freed at earlier steps and is updated. */
    static Optional<String> facts(WorldView v, WorldConfig world, Set<PolicyId> everFreed) {
        GhostState g = v.ghost();
        Map<PolicyId, Set<Holder>> pointers = new TreeMap<>();
        for (TaskView t : v.tasks()) {
            if (!t.alive() && t.policy().isPresent()) {
                return Optional.of("exited: t" + t.id() + " still holds " + t.policy().get());
            }
            Optional<String> bad = holds(g, t.policy(), new Holder.Task(t.id()), pointers);
            if (bad.isPresent()) {
                return bad;
            }
        }
        for (Map.Entry<Integer, List<Vma>> e : v.mms().entrySet()) {
            for (Vma vma : e.getValue()) {
                Optional<String> bad = holds(g, vma.policy(), new Holder.Vma(e.getKey(), vma.start(), vma.end()), pointers);
                if (bad.isPresent()) {
                    return bad;
                }
            }
        }
        return holderLists(g, pointers).or(() -> lifetimes(g, world, everFreed));
    }

    private static Optional<String> holds(GhostState g, Optional<PolicyRef> ref, Holder holder, Map<PolicyId, Set<Holder>> pointers) {
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        PolicyRef p = ref.get();
        Mempolicy value = g.live().get(p.id());
        if (value == null) {
            return Optional.of("holder: " + holder + " points to " + p.id() + ", which is not live"
                    + (g.freed().contains(p.id()) ? " (freed)" : ""));
        }
        if (!value.equals(p.value())) {
            return Optional.of("holder: " + holder + " sees " + p + " but the object holds " + value);
        }
        pointers.computeIfAbsent(p.id(), k -> new HashSet<>()).add(holder);
        return Optional.empty();
    }

    private static Optional<String> holderLists(GhostState g, Map<PolicyId, Set<Holder>> pointers) {
        for (Map.Entry<PolicyId, List<Holder>> e : g.holders().entrySet()) {
            List<Holder> listed = new ArrayList<>(e.getValue());
            listed.removeIf(h -> h instanceof Holder.Static);
            Set<Holder> actual = pointers.getOrDefault(e.getKey(), Set.of());
            if (listed.size() != actual.size() || !actual.containsAll(listed)) {
                return Optional.of("holder: ghost lists " + e.getValue() + " for " + e.getKey() + ", but the pointers are " + actual);
            }
        }
        for (PolicyId id : pointers.keySet()) {
            if (!g.holders().containsKey(id)) {
                return Optional.of("holder: ghost lists no holders for " + id + ", but " + pointers.get(id) + " point to it");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> lifetimes(GhostState g, WorldConfig world, Set<PolicyId> everFreed) {
        Set<PolicyId> unheld = new TreeSet<>(g.unheld());
        unheld.removeIf(PolicyId::isStatic);
        if (!unheld.isEmpty()) {
            return Optional.of("leak: live objects without holders " + unheld);
        }
        for (PolicyId id : g.live().keySet()) {
            if (g.freed().contains(id) || everFreed.contains(id)) {
                return Optional.of("freed: " + id + " is live but was freed");
            }
        }
        if (!g.freed().containsAll(everFreed)) {
            Set<PolicyId> lost = new TreeSet<>(everFreed);
            lost.removeAll(g.freed());
            return Optional.of("freed: objects " + lost + " are no longer listed as freed");
        }
        everFreed.addAll(g.freed());
        return statics(g, world);
    }

    private static Optional<String> statics(GhostState g, WorldConfig world) {
        Map<PolicyId, Mempolicy> expected = new TreeMap<>();
        expected.put(PolicyId.DEFAULT_POLICY, Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        for (int n = 0; n < world.nodes(); n++) {
            expected.put(PolicyId.preferredNodePolicy(n), Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(n)));
        }
        for (Map.Entry<PolicyId, Mempolicy> e : expected.entrySet()) {
            if (!e.getValue().equals(g.live().get(e.getKey())) || g.freed().contains(e.getKey())) {
                return Optional.of("static: " + e.getKey() + " is " + g.live().get(e.getKey()) + (g.freed().contains(e.getKey())
                        ? " and freed" : "") + ", expected live " + e.getValue());
            }
        }
        return Optional.empty();
    }
}
