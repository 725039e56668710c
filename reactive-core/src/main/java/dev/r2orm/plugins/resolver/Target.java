package dev.r2orm.plugins.resolver;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/** One server of a group (a pool), with its health: a replica that failed is left out until it is retried. */
final class Target {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.r2orm.resolver");

    final String name;
    final ConnectionFactory factory;
    private volatile boolean up = true;
    private volatile long retryAt;
    private volatile @Nullable String reason;

    Target(String name, ConnectionFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    /** Whether it may be used now: it is up, or it is down and its retry time has come (one caller retries it). */
    boolean usable(long now) {
        if (up) {
            return true;
        }
        if (now - retryAt >= 0) {
            synchronized (this) {
                if (!up && now - retryAt >= 0) {
                    retryAt = Long.MAX_VALUE / 2 + now; // no other caller retries it meanwhile
                    return true;
                }
            }
        }
        return false;
    }

    boolean isUp() {
        return up;
    }

    @Nullable String reason() {
        return reason;
    }

    void down(Throwable error, long retryAfterNanos) {
        String why = error.getClass().getSimpleName() + ": " + error.getMessage();
        synchronized (this) {
            retryAt = System.nanoTime() + retryAfterNanos;
            reason = why;
            if (!up) {
                return;
            }
            up = false;
        }
        LOG.warn("replica {} left out of reads ({}); retried in {} ms", name, why, retryAfterNanos / 1_000_000);
    }

    /** An attempt that {@link #usable} let retry ended without an answer (cancelled): another may retry later. */
    void retryLater(long retryAfterNanos) {
        synchronized (this) {
            if (!up) {
                retryAt = System.nanoTime() + retryAfterNanos;
            }
        }
    }

    void up() {
        synchronized (this) {
            if (up) {
                return;
            }
            up = true;
            reason = null;
        }
        LOG.info("replica {} is back in reads", name);
    }

    @Override
    public String toString() {
        return name + (up ? " (up)" : " (down: " + reason + ")");
    }
}
