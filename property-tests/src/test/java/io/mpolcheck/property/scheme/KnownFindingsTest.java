package io.mpolcheck.property.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.OpFormat;
import io.mpolcheck.scheme.SchemeRegistry;
import org.junit.jupiter.api.Test;

/** Every {@link KnownFindings} entry names registered schemes and still reproduces on each of them (else: delete it). */
class KnownFindingsTest {

    @Test
    void everyKnownFinding_stillReproducesWithItsClass() {
        SchemeRegistry registry = SchemeRegistry.load();
        for (KnownFindings.Known known : KnownFindings.ALL) {
            assertThat(OpFormat.parseAll(known.reproducerOps())).as(known.why()).allMatch(known.trigger());
            for (String id : known.schemeIds()) {
                assertThat(registry.byId(id)).as("registered: %s", id).isPresent();
                assertThat(SequentialSchemeProperty.replay(id + ": " + known.reproducerOps()))
                        .as("%s on %s: fixed? then delete the entry", known.why(), id)
                        .hasValueSatisfying(f -> assertThat(f.violationClass()).isEqualTo(known.violationClass()));
            }
        }
    }
}
