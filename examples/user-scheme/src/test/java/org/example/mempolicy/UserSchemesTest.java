package org.example.mempolicy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpolcheck.junit.SchemeAssertions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class UserSchemesTest {
    @Test
    void countedLookup_holdsItsVerdict() {
        SchemeAssertions.assertVerdict(new CountedLookupScheme.Provider());
    }

    /** The first attempt fails as a user would see it; here the failure is what the example shows. */
    @Test
    void plainLookup_failsWithItsCounterexample() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SchemeAssertions.assertVerdict(new PlainLookupScheme.Provider()));
        assertTrue(e.getMessage().contains("BUG: KASAN: slab-use-after-free"), e.getMessage());
        assertTrue(e.getMessage().contains("replay: ./mpolcheck verify"), e.getMessage());
    }
}
