package dev.r2orm.callbacks;

/**
 * The callback chains of one {@code Db}, one per operation kind, with r2orm's built-in steps registered in GORM's
 * order:
 *
 * <ul>
 *   <li>create: {@code r2orm:begin_transaction}, {@code r2orm:before_create} (BeforeSave, BeforeCreate),
 *       {@code r2orm:save_before_associations} (belongs-to), {@code r2orm:create},
 *       {@code r2orm:save_after_associations} (has-one, has-many, many-to-many), {@code r2orm:after_create}
 *       (AfterCreate, AfterSave), {@code r2orm:commit_or_rollback}</li>
 *   <li>query: {@code r2orm:query}, {@code r2orm:after_query} (AfterFind)</li>
 *   <li>update: {@code r2orm:begin_transaction}, {@code r2orm:before_update} (BeforeSave, BeforeUpdate),
 *       {@code r2orm:update}, {@code r2orm:after_update} (AfterUpdate, AfterSave), {@code r2orm:commit_or_rollback}</li>
 *   <li>delete: {@code r2orm:begin_transaction}, {@code r2orm:before_delete}, {@code r2orm:delete},
 *       {@code r2orm:after_delete}, {@code r2orm:commit_or_rollback}</li>
 *   <li>raw: {@code r2orm:raw}</li>
 * </ul>
 *
 * <p>{@code r2orm:begin_transaction} decides whether the operation needs a transaction of its own: one that takes
 * several statements or calls hooks does; a single statement is atomic already and does not.
 * {@code r2orm:commit_or_rollback}, the last step, runs everything before it in that transaction (joining the caller's
 * transaction when there is one). Removing {@code r2orm:begin_transaction} turns the default transaction off. The
 * names are constants of {@link Steps}.
 */
public final class Callbacks {

    private final Processor create = new Processor("create");
    private final Processor query = new Processor("query");
    private final Processor update = new Processor("update");
    private final Processor delete = new Processor("delete");
    private final Processor raw = new Processor("raw");

    private Callbacks() {
    }

    /**
     * Chains holding r2orm's built-in steps.
     *
     * @return new chains
     */
    public static Callbacks defaults() {
        Callbacks c = new Callbacks();
        c.create.register(Steps.BEGIN_TRANSACTION, BuiltinCallbacks::beginTransaction)
                .register(Steps.BEFORE_CREATE, Hooks::beforeCreate)
                .register(Steps.SAVE_BEFORE_ASSOCIATIONS, AssociationSteps::saveBefore)
                .register(Steps.CREATE, BuiltinCallbacks::create)
                .register(Steps.SAVE_AFTER_ASSOCIATIONS, AssociationSteps::saveAfter)
                .register(Steps.AFTER_CREATE, Hooks::afterCreate)
                .register(Steps.COMMIT_OR_ROLLBACK, BuiltinCallbacks::commitOrRollback);
        c.query.register(Steps.QUERY, BuiltinCallbacks::query)
                .register(Steps.AFTER_QUERY, Hooks::afterFind);
        c.update.register(Steps.BEGIN_TRANSACTION, BuiltinCallbacks::beginTransaction)
                .register(Steps.BEFORE_UPDATE, Hooks::beforeUpdate)
                .register(Steps.UPDATE, BuiltinCallbacks::update)
                .register(Steps.AFTER_UPDATE, Hooks::afterUpdate)
                .register(Steps.COMMIT_OR_ROLLBACK, BuiltinCallbacks::commitOrRollback);
        c.delete.register(Steps.BEGIN_TRANSACTION, BuiltinCallbacks::beginTransaction)
                .register(Steps.BEFORE_DELETE, Hooks::beforeDelete)
                .register(Steps.DELETE, BuiltinCallbacks::delete)
                .register(Steps.AFTER_DELETE, Hooks::afterDelete)
                .register(Steps.COMMIT_OR_ROLLBACK, BuiltinCallbacks::commitOrRollback);
        c.raw.register(Steps.RAW, BuiltinCallbacks::raw);
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

    /** @return the update chain */
    public Processor update() {
        return update;
    }

    /** @return the delete chain */
    public Processor delete() {
        return delete;
    }

    /** @return the raw SQL chain */
    public Processor raw() {
        return raw;
    }
}
