package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.OpFormat;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import io.mpolcheck.scheme.Witness;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The declarations the registry-driven checks rely on, without running Lincheck: every built-in
 * buggy scheme declares a witness, the witness parses, and the scheme it names as the fix is a
 * registered correct scheme checked in the same world; the shards cover the registry exactly once.
 */
class SchemeDeclarationsTest {

    static Stream<SchemeProvider> buggySchemes() {
        return SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buggySchemes")
    void buggyScheme_declaresAWitnessAndItsFix(SchemeProvider p) {
        SchemeInfo info = p.info();
        assertThat(info.witness()).as("%s declares no witness (SchemeInfo.withWitness)", info.id()).isPresent();
        Witness w = info.witness().get();
        boolean shared = info.has(SchemeInfo.Feature.SHARED_POLICY);
        assertThat(OpFormat.parseAll(w.setUp(shared))).isNotEmpty();
        w.threads().forEach(t -> assertThat(OpFormat.parseAll(t)).as("a thread of %s's witness", info.id()).isNotEmpty());
        SchemeInfo fix = SchemeRegistry.load().byId(w.fixedBy())
                .orElseThrow(() -> new AssertionError(info.id() + ": no registered scheme " + w.fixedBy())).info();
        assertThat(fix.expected()).as("%s is fixed by %s, which must be correct", info.id(), fix.id()).isEmpty();
        assertThat(fix.has(SchemeInfo.Feature.SHARED_POLICY)).as("%s and its fix %s in the same world", info.id(), fix.id())
                .isEqualTo(shared);
    }
}
