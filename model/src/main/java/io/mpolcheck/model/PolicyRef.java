package io.mpolcheck.model;

import java.util.Objects;

/**
 * A pointer to one policy object as the reference model stores it in a task or VMA: the object's
 * identity in the ghost heap and its (immutable) value.
 *
 * @param id the object
 * @param value what the object holds
 */
public record PolicyRef(PolicyId id, Mempolicy value) {
    public PolicyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return id + "(" + value + ")";
    }
}
