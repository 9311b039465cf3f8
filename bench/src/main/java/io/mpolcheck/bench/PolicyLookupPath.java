package io.mpolcheck.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The allocation hot path's policy lookup under one scheme: find the policy to allocate with,
 * read its mode and nodemask (into {@code sink}), release whatever was taken. Made by
 * {@link LookupScheme#create()}; the paths are in {@link AllocPolicyLookups}.
 */
@FunctionalInterface
interface PolicyLookupPath {
    void allocLookup(AllocContext ctx, Blackhole sink);
}
