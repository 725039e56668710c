package dev.r2orm.internal;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Hands the {@link Executor} of a {@code dev.r2orm.Db} to the packages that run its operations (the callbacks'
 * {@code Operation}), so that {@code Db} needs no public accessor for it and no public signature names the executor.
 * {@code Db} installs the lookup once, from its static initializer, before any database exists.
 *
 * <p>The lookup is typed by a class token rather than by {@code Db}: this package sits below the root package and
 * names nothing in it.
 */
public final class DbAccess {

    private static volatile @Nullable Lookup<?> lookup;

    private DbAccess() {
    }

    private record Lookup<D>(Class<D> type, Function<? super D, Executor> executors) {
        Executor executor(Object db) {
            return executors.apply(type.cast(db));
        }
    }

    /**
     * Installs the lookup; called once, by {@code Db}.
     *
     * @param type the database class
     * @param executors the executor of a database
     * @param <D> the database type
     * @throws IllegalStateException if a lookup is installed already
     */
    public static synchronized <D> void install(Class<D> type, Function<? super D, Executor> executors) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(executors, "executors must not be null");
        if (lookup != null) {
            throw new IllegalStateException("the executor lookup of " + type.getName() + " is installed already");
        }
        lookup = new Lookup<>(type, executors);
    }

    /**
     * The executor of a database.
     *
     * @param db the database
     * @return its executor
     * @throws ClassCastException if {@code db} is not of the installed database class
     * @throws IllegalStateException if no lookup is installed (no database class was initialised)
     */
    public static Executor executor(Object db) {
        Objects.requireNonNull(db, "db must not be null");
        Lookup<?> current = lookup;
        if (current == null) {
            throw new IllegalStateException("no executor lookup is installed");
        }
        return current.executor(db);
    }
}
