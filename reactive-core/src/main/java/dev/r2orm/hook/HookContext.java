package dev.r2orm.hook;

import dev.r2orm.Db;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * What a hook receives: the {@link Db} to run queries with (subscribed inside the hook, they join the operation's
 * transaction, which travels in the Reactor context), the caller's Reactor context (tenant, request and trace ids),
 * and for updates which columns the update writes.
 */
public final class HookContext {

    private final Db db;
    private final ContextView context;
    private final @Nullable Map<String, @Nullable Object> updates;
    private final Set<String> updatedFields;

    /**
     * Creates a context; r2orm does this for each hook call.
     *
     * @param db the database, in the operation's session
     * @param context the operation's Reactor context
     * @param updates for an update, the new values by field name; null otherwise
     */
    public HookContext(Db db, ContextView context, @Nullable Map<String, @Nullable Object> updates) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        this.context = Objects.requireNonNull(context, "context must not be null");
        this.updates = updates;
        this.updatedFields = updates == null ? Set.of() : Set.copyOf(updates.keySet());
    }

    /** @return the database; queries run with it inside the hook's {@code Mono} join the operation's transaction */
    public Db db() {
        return db;
    }

    /** @return the Reactor context of the operation's subscriber */
    public ContextView context() {
        return context;
    }

    /**
     * Whether the update being run writes a field (by Java field name or column name), as GORM's
     * {@code Statement.Changed}. Always false outside updates.
     *
     * @param field the field or column name
     * @return true when the update sets it
     */
    public boolean changed(String field) {
        return updatedFields.contains(field);
    }

    /**
     * The value the update writes to a field.
     *
     * @param field the Java field name
     * @return the new value, or null when the field is not updated (or set to NULL)
     */
    public @Nullable Object newValue(String field) {
        return updates == null ? null : updates.get(field);
    }
}
