package dev.r2orm.plugins.resolver;

/** When a pipeline last wrote, kept in its Reactor context by {@link Resolver#readYourWrites()}. */
final class WriteClock {

    static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "r2orm.resolver.lastWrite";
        }
    };

    private volatile long lastWrite;
    private volatile boolean wrote;

    void mark() {
        lastWrite = System.nanoTime();
        wrote = true;
    }

    /** Whether the pipeline wrote less than {@code windowNanos} ago (or is writing). */
    boolean within(long windowNanos) {
        return wrote && System.nanoTime() - lastWrite < windowNanos;
    }
}
