package io.mpolcheck.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shards of {@link AbstractBuiltInSchemesTest} check every built-in scheme exactly once. */
class BuiltInShardsTest {
    @Test
    void shards_coverTheRegistryOnce() {
        List<String> covered = new ArrayList<>();
        for (int s = 0; s < AbstractBuiltInSchemesTest.SHARDS; s++) {
            AbstractBuiltInSchemesTest.shardOf(s).forEach(p -> covered.add(p.info().id()));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(SchemeRegistry.load().ids());
    }
}
