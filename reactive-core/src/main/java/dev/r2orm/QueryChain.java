package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.GroupBy;
import dev.r2orm.clause.Having;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * The rest of a {@link Query}'s chain: what it selects, its order, grouping, joins, preloads, locks, hints, upsert
 * rule, fetch size, timeout, limit and offset. Every method returns a new query; its public methods are
 * {@code Query}'s and documented with it.
 *
 * @param <T> the model type
 */
abstract sealed class QueryChain<T> extends QueryConditions<T> permits Query {

    QueryChain(Db db, Class<T> type, Statement statement, @Nullable T entity, QueryOptions<T> options) {
        super(db, type, statement, entity, options);
    }

    // ---------------------------------------------------------------- shape

    /**
     * Selects columns rather than {@code *}: column names (or field names), {@code table.column},
     * {@code column AS alias}, and {@code COUNT/SUM/AVG/MIN/MAX} of a column; validated and quoted. For updates it
     * names the fields to write, zero values included ({@code "*"}: every field).
     *
     * @param columns the select list, for example {@code "name", "age"} or {@code "name, AVG(age) AS avg_age"}
     * @return a new query
     * @throws IllegalArgumentException naming a term that is not a column or an aggregate
     */
    public Query<T> select(String... columns) {
        List<Expression> items = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(options.selected());
        boolean onlyAssociations = true;
        for (String c : columns) {
            if (isAssociation(c.strip())) {
                names.add(c.strip());
                continue;
            }
            onlyAssociations = false;
            items.addAll(Identifiers.parseSelect(c, schema(), "select"));
            for (String part : c.split(",")) {
                names.add(part.strip());
            }
        }
        if (onlyAssociations) {
            return with(options.with(b -> b.selected = Set.copyOf(names)));
        }
        Select earlier = (Select) statement.clause("SELECT");
        boolean distinct = earlier != null && earlier.distinct();
        return new Query<>(db, type, statement.without("SELECT").with(new Select(items, distinct)), entity,
                options.with(b -> b.selected = Set.copyOf(names)));
    }

    /** Whether a name given to select/omit is an association ({@link Associations#ALL} included). */
    private boolean isAssociation(String name) {
        Schema s = schema();
        if (s == null) {
            return false;
        }
        return name.equals(Associations.ALL)
                || db.schemas().relations(s).containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Selects an SQL expression (raw: never built from user input).
     *
     * @param expression the expression
     * @return a new query
     */
    public Query<T> select(Expr expression) {
        Select earlier = (Select) statement.clause("SELECT");
        List<Expression> items = new ArrayList<>(earlier == null ? List.of() : earlier.columns());
        items.add(expression);
        return with(statement.without("SELECT").with(new Select(items, earlier != null && earlier.distinct())));
    }

    /**
     * Leaves fields out: of the select list (every other field is selected) and of updates and creates. An
     * association name ({@code "Company"}, or {@link Associations#ALL}) leaves that association out of a create.
     *
     * @param fields field or column names
     * @return a new query
     * @throws IllegalArgumentException naming a name that is not a field
     */
    public Query<T> omit(String... fields) {
        Schema s = requireSchema("omit");
        Set<String> names = new LinkedHashSet<>(options.omitted());
        for (String f : fields) {
            if (isAssociation(f.strip())) {
                names.add(f.strip());
                continue;
            }
            Field field = s.lookup(f.strip());
            if (field == null) {
                throw new IllegalArgumentException("omit: '" + f + "' is not a field or column of "
                        + s.type().getName() + ", nor one of its associations");
            }
            names.add(field.name());
            names.add(field.column());
        }
        List<Expression> items = new ArrayList<>();
        for (Field f : s.fields()) {
            if (!names.contains(f.name())) {
                items.add(new Column(s.table(), f.column()));
            }
        }
        return new Query<>(db, type, statement.without("SELECT").with(new Select(items, false)), entity,
                options.with(b -> b.omitted = Set.copyOf(names)));
    }

    /**
     * {@code SELECT DISTINCT} of the given columns (validated like {@link Query#select(String...)}), or of the current
     * select list when none are given.
     *
     * @param columns the columns, optional
     * @return a new query
     */
    public Query<T> distinct(String... columns) {
        Query<T> q = columns.length == 0 ? self() : select(columns);
        Select s = (Select) q.statement.clause("SELECT");
        return q.with(q.statement.without("SELECT").with(new Select(s == null ? List.of() : s.columns(), true)));
    }

    /**
     * Orders by columns: {@code "age desc, name"}. Terms are column names ({@code column} or {@code table.column},
     * or a field name of the model), each optionally followed by {@code asc} or {@code desc}; they are validated and
     * quoted. Unlike GORM's {@code Order(string)}, a string here can never carry SQL: use {@link Query#order(Expr)} for an
     * expression.
     *
     * @param columns the ordering terms, comma-separated
     * @return a new query
     * @throws IllegalArgumentException naming the term that is not a column name
     */
    public Query<T> order(String columns) {
        Objects.requireNonNull(columns, "columns must not be null");
        Schema schema = schema();
        return with(statement.with(new OrderBy(db.ordering(new OrderText(schema, columns),
                () -> Identifiers.parseOrder(columns, schema)))));
    }

    /**
     * Orders by an SQL expression, ascending (raw: never built from user input).
     *
     * @param expression the expression
     * @return a new query
     */
    public Query<T> order(Expr expression) {
        Objects.requireNonNull(expression, "expression must not be null");
        return with(statement.with(new OrderBy(List.of(new OrderBy.Item(expression, false)))));
    }

    /**
     * Groups rows: {@code GROUP BY "name"}; column names only, validated and quoted.
     *
     * @param columns comma-separated column names
     * @return a new query
     * @throws IllegalArgumentException naming a term that is not a column name
     */
    public Query<T> group(String columns) {
        List<Expression> cols = new ArrayList<>(Identifiers.parseColumns(columns, schema(), "group"));
        return with(statement.with(new GroupBy(cols)));
    }

    /**
     * Adds a condition on groups, in SQL with bound {@code ?} values: {@code having("SUM(amount) > ?", 100)}.
     *
     * @param sql trusted SQL text
     * @param arg the first value
     * @param more one further value per placeholder
     * @return a new query
     */
    public Query<T> having(String sql, @Nullable Object arg, @Nullable Object... more) {
        return having(Expr.of(sql, arg, more));
    }

    /**
     * Adds a condition on groups with one value; see {@link Query#where(String, Object)}.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg its value
     * @return a new query
     */
    public Query<T> having(String sql, @Nullable Object arg) {
        return having(Expr.of(sql, arg));
    }

    /**
     * Adds a condition on groups without values: {@code having("COUNT(*) > 1")}.
     *
     * @param sql trusted SQL text without placeholders
     * @return a new query
     */
    public Query<T> having(String sql) {
        return having(Expr.of(sql));
    }

    private Query<T> having(Expr condition) {
        return with(statement.with(new Having(List.of(condition))));
    }

    /**
     * Adds a join written in SQL with bound values.
     *
     * <pre>{@code
     * q.joins("LEFT JOIN emails ON emails.user_id = users.id AND emails.email = ?", email)
     * }</pre>
     *
     * @param sql trusted SQL text, starting with the join keyword
     * @param arg the first value
     * @param more one further value per placeholder
     * @return a new query
     * @throws IllegalArgumentException when the SQL's placeholders and the arguments differ
     */
    public Query<T> joins(String sql, @Nullable Object arg, @Nullable Object... more) {
        return joins(Expr.of(sql, arg, more));
    }

    /**
     * Adds a join written in SQL with one value. A value from a generic method needs its type here
     * ({@code ctx.<Long>get("tenant")}): Java would otherwise pick {@link Query#joins(String, UnaryOperator)}.
     *
     * @param sql trusted SQL text, starting with the join keyword, with one placeholder
     * @param arg its value
     * @return a new query
     */
    public Query<T> joins(String sql, @Nullable Object arg) {
        return joins(Expr.of(sql, arg));
    }

    /**
     * Joins associations by name, or adds a join written in SQL without values.
     *
     * <pre>{@code
     * q.joins("Company")            // LEFT JOIN "companies" "Company" ON "Company"."id" = "users"."company_id"
     * q.joins("Address.City")       // LEFT JOIN "addresses" "Address" ON ... LEFT JOIN "cities" "Address__City" ON ...
     * q.joins("LEFT JOIN emails ON emails.user_id = users.id")
     * }</pre>
     *
     * <p>A text made only of names and dots names associations, as {@link Query#joins(String, UnaryOperator)}; anything
     * else is SQL, emitted as written.
     *
     * @param sql an association name or dotted path of them, or trusted SQL text starting with the join keyword
     * @return a new query
     * @throws InvalidModelException when the text is a name or path that does not name to-one associations of the
     *     model (the message lists the model's associations)
     * @throws IllegalArgumentException when a name is given to a query without a model ({@link Db#table(String)})
     */
    public Query<T> joins(String sql) {
        String text = Objects.requireNonNull(sql, "sql must not be null").strip();
        if (AssociationJoins.isPath(text)) {
            return with(options.join(checkedJoin(text, false, null)));
        }
        return joins(Expr.of(sql));
    }

    private Query<T> joins(Expr join) {
        return with(statement.with(new Joins(List.of(join))));
    }

    /**
     * Loads a has-one or belongs-to association (or a dotted path of them) in the same query with a
     * {@code LEFT JOIN}, conditions added to the {@code ON} clause of its last level:
     * {@code joins("Company", q -> q.where(Map.of("alive", true)))} renders
     * {@code LEFT JOIN "companies" "Company" ON "Company"."id" = "users"."company_id" AND "Company"."alive" = $1}.
     * A row without a match gets a null association.
     *
     * <p>Each joined table's alias is the association's name with a capital first letter ({@code "Company"}), and
     * for a nested level the names joined by {@code __} ({@code "Address__City"}); its columns are selected as
     * {@code "Company__name"}. Name them elsewhere by alias: {@code where(Map.of("Company.name", "acme"))},
     * {@code order("Company.name")}, {@code select("users.*", "Company.name AS company_name")}; in SQL text, quote
     * the alias as the database does ({@code "Company".name}; {@code `Company`.name} on MySQL and MariaDB).
     *
     * @param association the association's name (case-insensitive), or a dotted path of to-one associations
     * @param condition conditions on the joined rows: column conditions (maps, entities) move to the alias; SQL
     *     text must name the alias itself
     * @return a new query
     * @throws InvalidModelException when the path does not name to-one associations of the model
     */
    @SuppressWarnings("unchecked")
    public Query<T> joins(String association, UnaryOperator<Query<?>> condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        UnaryOperator<Query<Object>> c = q -> (Query<Object>) condition.apply(q);
        return with(options.join(checkedJoin(association, false, c)));
    }

    /**
     * Like {@code joins("Company")} with an {@code INNER JOIN}: rows without a match are left out. For a dotted path
     * every level is an inner join.
     *
     * @param association the association's name, or a dotted path of to-one associations
     * @return a new query
     * @throws InvalidModelException when the path does not name to-one associations of the model
     */
    public Query<T> innerJoins(String association) {
        return with(options.join(checkedJoin(association, true, null)));
    }

    private AssociationJoins.Join checkedJoin(String path, boolean inner,
            @Nullable UnaryOperator<Query<Object>> condition) {
        return AssociationJoins.join(db, schema(), Objects.requireNonNull(path, "association must not be null"),
                inner, condition);
    }

    /** @return the statement as built so far, for association joins that reuse its conditions */
    Statement statementForJoin() {
        return statement;
    }

    /**
     * Applies reusable query fragments in order ({@code scopes(Scopes::active, Scopes.paginate(2, 20))}).
     *
     * @param scopes functions from a query to a narrowed query
     * @return the query every scope was applied to
     */
    @SafeVarargs
    public final Query<T> scopes(Function<Query<T>, Query<T>>... scopes) {
        Query<T> q = self();
        for (Function<Query<T>, Query<T>> s : scopes) {
            q = Objects.requireNonNull(s.apply(q), "a scope returned null");
        }
        return q;
    }

    /**
     * Adds an optimizer hint after {@code SELECT}: {@code hint("MAX_EXECUTION_TIME(1000)")} renders
     * {@code SELECT /*+ MAX_EXECUTION_TIME(1000) *}{@code /}. Acted on by MySQL and MariaDB (and PostgreSQL with
     * pg_hint_plan), a comment elsewhere.
     *
     * @param hint the hint text (developer SQL; it may not contain comment delimiters)
     * @return a new query
     * @throws IllegalArgumentException when the text holds a comment delimiter
     */
    public Query<T> hint(String hint) {
        return with(statement.with(new dev.r2orm.clause.Hints(List.of("+ " + hint + " "))));
    }

    /**
     * Adds a comment after {@code SELECT}, for tracing or routing proxies: {@code comment("node2")}.
     *
     * @param text the comment (it may not contain comment delimiters)
     * @return a new query
     */
    public Query<T> comment(String text) {
        return with(statement.with(new dev.r2orm.clause.Hints(List.of(" " + text + " "))));
    }

    /**
     * {@code USE INDEX (...)} after the table (MySQL, MariaDB; other databases signal
     * {@link UnsupportedByDialectException}).
     *
     * @param indexes index names, validated and quoted
     * @return a new query
     */
    public Query<T> useIndex(String... indexes) {
        return indexHint("USE", indexes);
    }

    /**
     * {@code FORCE INDEX (...)} after the table (MySQL, MariaDB).
     *
     * @param indexes index names
     * @return a new query
     */
    public Query<T> forceIndex(String... indexes) {
        return indexHint("FORCE", indexes);
    }

    /**
     * {@code IGNORE INDEX (...)} after the table (MySQL, MariaDB).
     *
     * @param indexes index names
     * @return a new query
     */
    public Query<T> ignoreIndex(String... indexes) {
        return indexHint("IGNORE", indexes);
    }

    private Query<T> indexHint(String kind, String... indexes) {
        List<String> names = new ArrayList<>();
        for (String i : indexes) {
            names.add(Identifiers.column(i, kind.toLowerCase(java.util.Locale.ROOT) + "Index"));
        }
        return with(statement.with(new dev.r2orm.clause.IndexHint(kind, names)));
    }

    /**
     * Loads an association with the results: one extra query per association and level, never one per row
     * ({@code WHERE "posts"."user_id" IN ($1,$2,...)}, at most 1,000 keys each; {@link Query#find()} reads the rows in
     * windows of 1,000). Nested paths load level by level: {@code "Posts.Comments"}; {@link Associations#ALL} loads
     * every direct association. Parents without a match get {@code null} (to-one) or an empty list.
     *
     * @param path an association name, or a dotted path of them (case-insensitive)
     * @return a new query
     */
    public Query<T> preload(String path) {
        return with(options.preload(Objects.requireNonNull(path, "path must not be null"), null));
    }

    /**
     * Loads an association with conditions on its rows (for a dotted path, on the last level):
     * {@code preload("Orders", q -> q.where("state <> ?", "cancelled").order("id desc"))}.
     *
     * @param path an association name or dotted path
     * @param condition narrows the association's query
     * @return a new query
     */
    @SuppressWarnings("unchecked")
    public Query<T> preload(String path, UnaryOperator<Query<?>> condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        UnaryOperator<Query<Object>> c = q -> (Query<Object>) condition.apply(q);
        return with(options.preload(Objects.requireNonNull(path, "path must not be null"), c));
    }

    /**
     * Runs a many-to-many preload: the targets joined to the join table, each with the owner key it matched.
     *
     * @param join the join with the join table
     * @param condition the owner keys
     * @param owner the join table's owner column
     * @return pairs of target and owner key
     */
    Flux<Object[]> preloadWithJoin(Expression join, Expression condition, Column owner) {
        return new QueryReads<>(self()).preloadWithJoin(join, condition, owner);
    }

    /**
     * The association mode of this query's entity ({@code db.model(user).association("Languages", Language.class)}):
     * find, count, append, replace, delete and clear the links.
     *
     * @param name the association's field name (case-insensitive)
     * @param targetType the associated class
     * @param <A> the associated type
     * @return the association
     * @throws InvalidModelException when the model has no association of that name, or it holds another type
     * @throws IllegalStateException when the query was not made from an entity
     */
    public <A> Association<A> association(String name, Class<A> targetType) {
        return association(name, targetType, false);
    }

    <A> Association<A> association(String name, Class<A> targetType, boolean anyType) {
        if (entity == null) {
            throw new IllegalStateException("association(...) needs an entity: use db.model(entity).association(...)");
        }
        dev.r2orm.schema.Relation r = db.schemas().relation(requireSchema("association"), name);
        if (!anyType && r.target().type() != targetType) {
            throw new InvalidModelException("association " + name + " of " + type.getName() + " holds "
                    + r.target().type().getName() + ", not " + targetType.getName());
        }
        return new Association<>(db, entity, r, targetType);
    }

    /**
     * Adds a scope that reads the subscriber's Reactor context when the query runs, for values that travel with the
     * request (tenant, user): applied to every read, update and delete of this query, not to {@link Query#toSql()}.
     *
     * <pre>{@code
     * Query<Order> orders = db.model(Order.class)
     *         .contextScope((q, ctx) -> q.where("tenant_id = ?", ctx.get("tenant")));
     * orders.find().contextWrite(Context.of("tenant", 42));   // WHERE tenant_id = $1, binds [42]
     * }</pre>
     *
     * @param scope narrows the query from the context; it may signal an error by throwing (for example a missing key)
     * @return a new query
     */
    public Query<T> contextScope(BiFunction<Query<T>, ContextView, Query<T>> scope) {
        return with(options.contextScope(Objects.requireNonNull(scope, "scope must not be null")));
    }

    /**
     * Includes soft-deleted rows in queries, and makes {@link Query#delete()} remove rows for real.
     *
     * @return a new query
     */
    public Query<T> unscoped() {
        return with(options.with(b -> b.unscoped = true));
    }

    /**
     * Locks the selected rows until the end of the transaction: {@code forUpdate()} renders {@code FOR UPDATE}.
     * Meaningful inside a transaction.
     *
     * @return a new query
     */
    public Query<T> forUpdate() {
        return lock(Locking.forUpdate());
    }

    /**
     * Takes a shared lock on the selected rows ({@code FOR SHARE}; {@code LOCK IN SHARE MODE} on MariaDB). H2 has
     * none: the query then signals {@link UnsupportedByDialectException}.
     *
     * @return a new query
     */
    public Query<T> forShare() {
        return lock(Locking.forShare());
    }

    /**
     * Locks with a given strength and wait policy: {@code lock(Locking.forUpdate().skipLocked())}.
     *
     * @param locking the lock
     * @return a new query
     */
    public Query<T> lock(Locking locking) {
        return with(statement.without("FOR").with(Objects.requireNonNull(locking, "locking must not be null")));
    }

    /**
     * Makes {@link Query#create(Object)} and {@link Query#createAll(List)} upserts:
     * {@code onConflict(OnConflict.updateColumns("name")).create(user)} renders {@code ON CONFLICT ... DO UPDATE} on
     * PostgreSQL, {@code ON DUPLICATE KEY UPDATE} on MySQL/MariaDB and {@code MERGE} on H2. Rows an updating upsert
     * wrote do not get their generated keys back.
     *
     * <p>With a rule that does nothing on a collision ({@link OnConflict#doNothing()}), the create emits only the rows
     * the database inserted, with their generated keys; a skipped row is not emitted, so {@link Query#create(Object)}
     * completes empty for it. On PostgreSQL and H2 several rows go in one statement when they can be matched to what
     * the database returns (by the rule's {@link OnConflict#on(String...) target} columns, or by primary keys every
     * row sets), else one statement each; on MySQL and MariaDB each row is its own statement followed by
     * {@code SELECT LAST_INSERT_ID()}, since they report a collision as a row found.
     *
     * @param rule what to do with rows whose key exists
     * @return a new query
     */
    public Query<T> onConflict(OnConflict rule) {
        OnConflict r = Objects.requireNonNull(rule, "rule must not be null");
        return with(options.with(b -> b.onConflict = r));
    }

    /**
     * Sets how many rows this query asks the driver for at a time while it streams (the session's
     * {@link Session#fetchSize()} otherwise; by default none, see {@link Session#DEFAULT_FETCH_SIZE}). Rows are always
     * requested as the subscriber requests them, with or without a fetch size; a fetch size decides how many the
     * database sends per round trip, which costs a round trip per fetch (about a tenth more time to read a large
     * result on PostgreSQL at 1,000 rows) and in exchange bounds what a cancel must discard. On PostgreSQL it opens a
     * portal that fetches that many rows at a time; on MariaDB and MySQL it opens a cursor when the connection
     * prepares statements on the server ({@code useServerPrepareStatement=true}), and otherwise the driver reads the
     * result as it is consumed; H2 ignores it. A query whose limit is no larger than the fetch size skips it, saving
     * the extra round trip a portal costs.
     *
     * @param rows at least 1
     * @return a new query
     * @throws IllegalArgumentException when rows is below 1
     */
    public Query<T> fetchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("fetchSize must be at least 1, was " + rows);
        }
        return with(options.with(b -> b.fetchSize = rows));
    }

    /**
     * Sets the statement timeout of this query's statements (its preloads and hooks' queries included), instead of the
     * session's or {@link Config#statementTimeout()}: how long r2orm waits for the database's answer, and for each
     * further row while the subscriber has asked for rows. When it runs out the query fails with
     * {@link StatementTimeoutException} and its connection is closed.
     *
     * <pre>{@code
     * db.model(Report.class).timeout(Duration.ofMinutes(5)).where("year = ?", 2026).find()
     * }</pre>
     *
     * @param timeout a positive duration
     * @return a new query
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public Query<T> timeout(Duration timeout) {
        return on(db.session(db.currentSession().withStatementTimeout(timeout)));
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

    /** @return the offset set, 0 for none */
    long offset() {
        Limit l = (Limit) statement.clause("LIMIT");
        return l == null ? 0 : l.offset();
    }

    /** The key of a parsed {@code order("...")} text. */
    private record OrderText(@Nullable Schema schema, String text) {
    }
}
