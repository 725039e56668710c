package dev.r2orm;

import dev.r2orm.callbacks.Operation;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query on a model's table, built by chaining. Immutable: every call returns a new query and leaves this one as it
 * was, so a base query can be stored and shared across threads and requests (GORM's reused-chain bug cannot happen).
 * Nothing runs before a terminal method's result is subscribed; each subscription runs the query again.
 *
 * <pre>{@code
 * Query<User> adults = db.model(User.class).where("age >= ?", 18);
 * adults.order("name").limit(10).find();   // SELECT * FROM "users" WHERE age >= $1 ORDER BY "name" LIMIT 10
 * adults.count();                          // SELECT COUNT(*) FROM "users" WHERE age >= $1
 * adults.first();                          // ... ORDER BY "users"."id" LIMIT 1
 * }</pre>
 *
 * @param <T> the model type
 */
public final class Query<T> {

    private final Db db;
    private final Class<T> type;
    private final Statement statement;

    Query(Db db, Class<T> type, Statement statement) {
        this.db = db;
        this.type = type;
        this.statement = statement;
    }

    private Query<T> with(Statement s) {
        return new Query<>(db, type, s);
    }

    private Schema schema() {
        return Objects.requireNonNull(statement.schema());
    }

    /**
     * Adds a condition in SQL with {@code ?} placeholders, ANDed with earlier ones. The SQL is emitted as written;
     * every argument is bound. A collection argument expands to a list: {@code where("id IN ?", ids)}.
     *
     * <pre>{@code
     * q.where("name = ? AND age > ?", "Ann", 18)   // WHERE name = $1 AND age > $2
     * q.where("name = ?", a).where("age > ?", b)   // WHERE (name = $1) AND (age > $2)
     * }</pre>
     *
     * @param sql trusted SQL text (never built from user input: pass user input as arguments)
     * @param args one value per placeholder
     * @return a new query
     * @throws IllegalArgumentException when placeholders and arguments differ in number
     */
    public Query<T> where(String sql, @Nullable Object... args) {
        return where(Expr.of(sql, args));
    }

    /**
     * Adds a condition expression, ANDed with earlier ones.
     *
     * @param condition the condition
     * @return a new query
     */
    public Query<T> where(Expression condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        return with(statement.with(Where.of(condition)));
    }

    /**
     * Orders by columns: {@code "age desc, name"}. Terms are column names ({@code column} or {@code table.column},
     * or a field name of the model), each optionally followed by {@code asc} or {@code desc}; they are validated and
     * quoted. Unlike GORM's {@code Order(string)}, a string here can never carry SQL: use {@link #order(Expression)}
     * with {@link Expr#raw} for an expression.
     *
     * @param columns the ordering terms, comma-separated
     * @return a new query
     * @throws IllegalArgumentException naming the term that is not a column name
     */
    public Query<T> order(String columns) {
        Objects.requireNonNull(columns, "columns must not be null");
        return with(statement.with(new OrderBy(Identifiers.parseOrder(columns, statement.schema()))));
    }

    /**
     * Orders by an expression, ascending.
     *
     * @param expression a column or raw expression
     * @return a new query
     */
    public Query<T> order(Expression expression) {
        Objects.requireNonNull(expression, "expression must not be null");
        return with(statement.with(new OrderBy(List.of(new OrderBy.Item(expression, false)))));
    }

    /**
     * Limits the rows returned; {@code -1} removes the limit.
     *
     * @param limit at least 0, or -1 for none
     * @return a new query
     * @throws IllegalArgumentException when the limit is below -1
     */
    public Query<T> limit(int limit) {
        return withLimit(limit, offset());
    }

    /**
     * Skips rows before returning any; 0 removes the offset.
     *
     * @param offset at least 0
     * @return a new query
     * @throws IllegalArgumentException when the offset is negative
     */
    public Query<T> offset(int offset) {
        Limit earlier = (Limit) statement.clause("LIMIT");
        return withLimit(earlier == null ? -1 : earlier.limit(), offset);
    }

    private Query<T> withLimit(long limit, long offset) {
        Limit clause = new Limit(limit, offset);
        Statement s = statement.without("LIMIT");
        return with(limit == -1 && offset == 0 ? s : s.with(clause));
    }

    /**
     * Finds every matching row.
     *
     * @return the entities, streamed as the subscriber requests them; empty when nothing matches. Cancelling
     *     releases the connection.
     */
    public Flux<T> find() {
        return run(statement, type).map(type::cast);
    }

    /**
     * The first row ordered by primary key ({@code ORDER BY "id" LIMIT 1}), after any order already given.
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> first() {
        return single(statement.with(new OrderBy(keyOrder(false))).without("LIMIT").with(new Limit(1, offset())));
    }

    /**
     * One row in no particular order ({@code LIMIT 1}).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> take() {
        return single(statement.without("LIMIT").with(new Limit(1, offset())));
    }

    /**
     * The last row ordered by primary key ({@code ORDER BY "id" DESC LIMIT 1}), after any order already given.
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> last() {
        return single(statement.with(new OrderBy(keyOrder(true))).without("LIMIT").with(new Limit(1, offset())));
    }

    /**
     * Counts the matching rows ({@code SELECT COUNT(*)}), ignoring order, limit and offset.
     *
     * @return the count; 0 in a dry run
     */
    public Mono<Long> count() {
        Statement s = statement.without("ORDER BY").without("LIMIT").without("SELECT")
                .with(new Select(List.of(Expr.raw("COUNT(*)")), false));
        return run(s, Long.class).map(Long.class::cast).next().defaultIfEmpty(0L);
    }

    /**
     * The SQL that {@link #find()} would run, rendered without a connection.
     *
     * @return the SQL and its binds
     */
    public Sql toSql() {
        return render(statement);
    }

    private Sql render(Statement s) {
        return withSelect(s).render(db.dialect(), Statement.SELECT);
    }

    private long offset() {
        Limit l = (Limit) statement.clause("LIMIT");
        return l == null ? 0 : l.offset();
    }

    private List<OrderBy.Item> keyOrder(boolean desc) {
        Schema schema = schema();
        List<Field> keys = schema.primaryKeys().isEmpty() ? List.of(schema.fields().get(0)) : schema.primaryKeys();
        return keys.stream().map(f -> new OrderBy.Item(new Column(schema.table(), f.column()), desc)).toList();
    }

    private Mono<T> single(Statement s) {
        return run(s, type).next().map(type::cast)
                .switchIfEmpty(Mono.defer(() -> db.currentSession().dryRun() ? Mono.empty()
                        : Mono.error(new RecordNotFoundException("record not found; SQL [" + render(s).sql() + "]"))));
    }

    private static Statement withSelect(Statement s) {
        Statement out = s.clause("SELECT") == null ? s.with(Select.ALL) : s;
        return out.clause("FROM") == null ? out.with(new dev.r2orm.clause.From(s.table())) : out;
    }

    private Flux<Object> run(Statement s, Class<?> resultType) {
        return Flux.defer(() -> {
            Operation op = new Operation(Operation.Kind.QUERY, db.executor(), db.currentSession(), withSelect(s),
                    resultType, 1);
            return db.callbacksInternal().query().run(op, Flux.empty());
        });
    }

    @Override
    public String toString() {
        return "Query[" + type.getSimpleName() + ": " + toSql().sql() + "]";
    }
}
