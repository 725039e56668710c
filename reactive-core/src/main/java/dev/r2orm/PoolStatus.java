package dev.r2orm;

/**
 * A snapshot of a {@link Db}'s connection pool.
 *
 * @param acquired connections handed out to operations right now
 * @param idle open connections waiting in the pool
 * @param pending operations waiting for a connection
 * @param allocated open connections, acquired or idle
 * @param maxSize the most connections the pool opens
 */
public record PoolStatus(int acquired, int idle, int pending, int allocated, int maxSize) {

    /** @return whether no connection is handed out and nobody waits for one */
    public boolean isIdle() {
        return acquired == 0 && pending == 0;
    }
}
