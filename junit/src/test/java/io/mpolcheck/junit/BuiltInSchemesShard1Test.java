package io.mpolcheck.junit;

/** Shard 1 of the built-in schemes ({@link AbstractBuiltInSchemesTest}). */
final class BuiltInSchemesShard1Test extends AbstractBuiltInSchemesTest {
    @Override
    int shard() {
        return 1;
    }
}
