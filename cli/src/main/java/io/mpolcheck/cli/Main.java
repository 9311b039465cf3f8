package io.mpolcheck.cli;

/** Temporary placeholder for the {@code mpolcheck} command; to be replaced. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("mpolcheck: placeholder");
    }
}
