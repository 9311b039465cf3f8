package io.mpolcheck.junit;

/** Shard 0 of the built-in schemes ({@link AbstractBuiltInSchemesTest}). */
final class BuiltInSchemesShard0Test extends AbstractBuiltInSchemesTest {
    @Override
    int shard() {
        return 0;
    }
}
