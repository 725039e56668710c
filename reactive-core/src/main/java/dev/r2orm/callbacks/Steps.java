package dev.r2orm.callbacks;

/**
 * The names of r2orm's built-in callback steps, for placing a plugin's own step before or after one, replacing or
 * removing it: {@code db.callbacks().create().before(Steps.CREATE).register("audit:stamp", stamp)}. The order of each
 * chain is listed in {@link Callbacks}.
 */
public final class Steps {

    /** Decides whether the operation needs a transaction of its own (create, update, delete). */
    public static final String BEGIN_TRANSACTION = "r2orm:begin_transaction";
    /** Runs BeforeSave and BeforeCreate hooks. */
    public static final String BEFORE_CREATE = "r2orm:before_create";
    /** Writes belongs-to associations before their owner. */
    public static final String SAVE_BEFORE_ASSOCIATIONS = "r2orm:save_before_associations";
    /** The INSERT. */
    public static final String CREATE = "r2orm:create";
    /** Writes has-one, has-many and many-to-many associations after their owner. */
    public static final String SAVE_AFTER_ASSOCIATIONS = "r2orm:save_after_associations";
    /** Runs AfterCreate and AfterSave hooks. */
    public static final String AFTER_CREATE = "r2orm:after_create";
    /** Runs everything before it in the operation's transaction, when it needs one (the last step). */
    public static final String COMMIT_OR_ROLLBACK = "r2orm:commit_or_rollback";
    /** The SELECT, with its preloads. */
    public static final String QUERY = "r2orm:query";
    /** Runs AfterFind hooks. */
    public static final String AFTER_QUERY = "r2orm:after_query";
    /** Runs BeforeSave and BeforeUpdate hooks. */
    public static final String BEFORE_UPDATE = "r2orm:before_update";
    /** The UPDATE. */
    public static final String UPDATE = "r2orm:update";
    /** Runs AfterUpdate and AfterSave hooks. */
    public static final String AFTER_UPDATE = "r2orm:after_update";
    /** Runs BeforeDelete hooks. */
    public static final String BEFORE_DELETE = "r2orm:before_delete";
    /** The DELETE (an UPDATE of the deletion time for soft-deleted models). */
    public static final String DELETE = "r2orm:delete";
    /** Runs AfterDelete hooks. */
    public static final String AFTER_DELETE = "r2orm:after_delete";
    /** A statement written by the developer ({@code db.raw}, {@code db.exec}). */
    public static final String RAW = "r2orm:raw";

    private Steps() {
    }
}
