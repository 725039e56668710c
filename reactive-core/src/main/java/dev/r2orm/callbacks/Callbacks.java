package dev.r2orm.callbacks;

/**
 * The callback chains of one {@code Db}, one per operation kind, with r2orm's built-in steps registered:
 *
 * <ul>
 *   <li>create: {@code r2orm:begin_transaction}, {@code r2orm:create}, {@code r2orm:commit_or_rollback}</li>
 *   <li>query: {@code r2orm:query}</li>
 * </ul>
 *
 * <p>{@code r2orm:begin_transaction} decides whether the operation needs a transaction of its own (a create that
 * takes several INSERT statements does, a single statement is atomic already and does not);
 * {@code r2orm:commit_or_rollback}, the last step, runs everything before it in that transaction. Removing
 * {@code r2orm:begin_transaction} turns the default transaction off.
 */
public final class Callbacks {

    private final Processor create = new Processor("create");
    private final Processor query = new Processor("query");

    private Callbacks() {
    }

    /**
     * Chains holding r2orm's built-in steps.
     *
     * @return new chains
     */
    public static Callbacks defaults() {
        Callbacks c = new Callbacks();
        c.create.register("r2orm:begin_transaction", BuiltinCallbacks::beginTransaction);
        c.create.register("r2orm:create", BuiltinCallbacks::create);
        c.create.register("r2orm:commit_or_rollback", BuiltinCallbacks::commitOrRollback);
        c.query.register("r2orm:query", BuiltinCallbacks::query);
        return c;
    }

    /** @return the create chain */
    public Processor create() {
        return create;
    }

    /** @return the query chain */
    public Processor query() {
        return query;
    }
}
