package io.mpolcheck.lincheck;

/** Shard 1 of the registered schemes ({@link AbstractRegisteredSchemesTest}). */
final class RegisteredSchemesShard1Test extends AbstractRegisteredSchemesTest {
    @Override
    int shard() {
        return 1;
    }
}
