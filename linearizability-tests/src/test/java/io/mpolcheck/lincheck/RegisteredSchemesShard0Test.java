package io.mpolcheck.lincheck;

/** Shard 0 of the registered schemes ({@link AbstractRegisteredSchemesTest}). */
final class RegisteredSchemesShard0Test extends AbstractRegisteredSchemesTest {
    @Override
    int shard() {
        return 0;
    }
}
