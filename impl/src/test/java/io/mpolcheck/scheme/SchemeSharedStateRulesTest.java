package io.mpolcheck.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scheme code touches shared memory only through the kernel primitives, so that every point where
 * another task could interleave is a point the schedule engine controls: no raw monitors, no
 * {@code volatile} fields, no {@code java.util.concurrent}, no threads of its own. The exceptions
 * are declared here with their reason, as guava-testlib declares suppressions.
 */
class SchemeSharedStateRulesTest {
    private static final Path SCHEMES = Path.of("src/main/java/io/mpolcheck/scheme");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\bsynchronized\\b|\\bvolatile\\b|java\\.util\\.concurrent|\\bnew Thread\\b|\\.wait\\(|\\.notify(All)?\\(");

    /** File → why it may break the rule. */
    private static final Map<String, String> ALLOWED = Map.of(
            "KernelState.java", "the structure bookkeeping: each public step is one scheduling point and runs atomically "
                    + "under its own monitor (Sched.atomicBegin), never switched out while holding it",
            "StaleGetMempolicyCacheScheme.java", "a teaching example whose cache field is the bug itself: its wrong answer "
                    + "needs no interleaving at the field, only an install after the first answer");

    @Test
    void schemeSourcesUseNoRawSynchronization() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCHEMES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (ALLOWED.containsKey(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("//.*|^\\s*\\*.*|/\\*\\*.*", "");
                    if (FORBIDDEN.matcher(code).find()) {
                        offences.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offences).as("raw synchronization in scheme code; use io.mpolcheck.kernel primitives").isEmpty();
    }

    @Test
    void noRegisteredSchemeHasASynchronizedMethod() {
        List<String> offences = new ArrayList<>();
        for (SchemeProvider p : SchemeRegistry.load().all()) {
            Object scheme = p.create(io.mpolcheck.model.WorldConfig.SMALL, new io.mpolcheck.kernel.PolicyHeap(2));
            for (Class<?> c = scheme.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isSynchronized(m.getModifiers())) {
                        offences.add(p.info().id() + ": " + c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void theRuleSeesAnOffence() {
        assertThat(FORBIDDEN.matcher("        synchronized (global) {").find()).isTrue();
        assertThat(FORBIDDEN.matcher("    private volatile Result cached;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("    private final TaskLock global = new TaskLock();").find()).isFalse();
    }
}
