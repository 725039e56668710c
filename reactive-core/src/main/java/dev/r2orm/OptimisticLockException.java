package dev.r2orm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An update or delete of an entity with a {@link dev.r2orm.annotation.Version @Version} field matched no row: the row
 * was changed (its version moved on) or deleted since the entity was read, or a condition added to the query excluded
 * it. Nothing was written by the statement, and the operation's transaction is rolled back.
 *
 * <p>Not retryable as it is: {@link #isRetryable()} is false, because saving the same stale entity again fails again.
 * Read the row again, apply the change to the fresh copy, and save that:
 *
 * <pre>{@code
 * Mono.defer(() -> db.model(Account.class).first(id)
 *                 .flatMap(a -> { a.balance = a.balance.add(amount); return db.save(a); }))
 *         .retryWhen(Retry.max(3).filter(OptimisticLockException.class::isInstance));
 * }</pre>
 *
 * <p>The message names the model, the key and the expected version; it carries no other value and no SQL.
 */
public class OptimisticLockException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final Class<?> model;
    private final transient @Nullable Object entity;
    private final Map<String, @Nullable Object> key;
    private final Object expectedVersion;

    /**
     * Creates the exception.
     *
     * @param model the model class
     * @param entity the entity whose version was checked, or null
     * @param key the primary key values by field name, in key order
     * @param expectedVersion the version the entity held, which no row had
     */
    public OptimisticLockException(Class<?> model, @Nullable Object entity, Map<String, ?> key,
            Object expectedVersion) {
        super(message(model, key, expectedVersion));
        this.model = model;
        this.entity = entity;
        this.key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        this.expectedVersion = expectedVersion;
    }

    private static String message(Class<?> model, Map<String, ?> key, Object expectedVersion) {
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(expectedVersion, "expectedVersion must not be null");
        StringBuilder keys = new StringBuilder();
        key.forEach((name, value) -> keys.append(keys.length() == 0 ? "" : ", ").append(name).append('=')
                .append(value));
        return "optimistic lock: no row of " + model.getName() + " with key " + keys + " and version "
                + expectedVersion + " matched; it was changed or deleted since it was read; read it again and retry";
    }

    /** @return the model class */
    public Class<?> model() {
        return model;
    }

    /** @return the entity whose version was checked (null once the exception has been serialized) */
    public @Nullable Object entity() {
        return entity;
    }

    /** @return the primary key values by field name, in key order */
    public Map<String, @Nullable Object> key() {
        return key;
    }

    /** @return the version the entity held, which no row had */
    public Object expectedVersion() {
        return expectedVersion;
    }
}
