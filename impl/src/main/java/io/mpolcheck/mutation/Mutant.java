package io.mpolcheck.mutation;

/** One mutant of a scheme: {@code operator} applied at {@code site} (a site that calls the operator's primitive). */
public record Mutant(Site site, Operator operator) {

    /** {@code OPERATOR at Class.method:line}. */
    @Override
    public String toString() {
        return operator + " at " + site;
    }
}
