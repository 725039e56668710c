package dev.r2orm.plugins.resolver;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses one of the healthy replicas (or sources) of a group for a connection. Called concurrently: an
 * implementation must be thread-safe.
 */
@FunctionalInterface
public interface Policy {

    /**
     * Chooses a candidate.
     *
     * @param candidates how many there are, at least 1
     * @return the index of the one to use, from 0 to {@code candidates - 1}
     */
    int choose(int candidates);

    /** @return a policy that picks at random */
    static Policy random() {
        return n -> n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
    }

    /**
     * A policy that takes the candidates in turn (its counter is atomic: concurrent callers never get the same turn,
     * and it never goes negative when it wraps around).
     *
     * @return a new policy with its own counter
     */
    static Policy roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return n -> Math.floorMod(next.getAndIncrement(), n);
    }
}
