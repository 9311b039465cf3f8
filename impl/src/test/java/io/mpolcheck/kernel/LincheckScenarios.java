package io.mpolcheck.kernel;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Hand-written Lincheck scenarios from Java (the DSL of {@code addCustomScenario} takes Kotlin
 * function references), for broken fixtures whose bug needs one particular pair of concurrent
 * operations: the scenario is checked first, so the fixture fails in its first invocations
 * instead of after the random scenarios that happen not to contain the pair. Model checking
 * still has to find the interleaving inside the scenario.
 */
final class LincheckScenarios {
    private LincheckScenarios() {
    }

    /** The {@code @Operation} {@code name} of {@code testClass} with {@code args.length} parameters, called with {@code args}. */
    static Actor actor(Class<?> testClass, String name, Object... args) {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length
                        && m.isAnnotationPresent(Operation.class)) {
                    return new Actor(m, Arrays.asList(args));
                }
            }
        }
        throw new IllegalArgumentException("no @Operation " + name + "/" + args.length + " in " + testClass);
    }

    /** A scenario: the initial part, one list of actors per thread, the post part. */
    static ExecutionScenario scenario(List<Actor> initial, List<List<Actor>> parallel, List<Actor> post) {
        return new ExecutionScenario(initial, parallel, post, null);
    }
}
