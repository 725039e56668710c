package dev.r2orm;

import dev.r2orm.callbacks.UpdatePlan;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.FieldValue;
import dev.r2orm.clause.GroupBy;
import dev.r2orm.clause.Having;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.Locking;
import dev.r2orm.clause.Not;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Subquery;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A query on a table, built by chaining; it also runs updates and deletes on the rows it matches. Immutable: every
 * call returns a new query and leaves this one as it was, so a base query can be stored and shared across threads and
 * requests (GORM's reused-chain bug cannot happen). Nothing runs before a terminal method's result is subscribed; each
 * subscription runs it again.
 *
 * <pre>{@code
 * Query<User> adults = db.model(User.class).where("age >= ?", 18);
 * adults.order("name").limit(10).find();   // SELECT * FROM "users" WHERE age >= $1 ORDER BY "name" LIMIT 10
 * adults.count();                          // SELECT COUNT(*) FROM "users" WHERE age >= $1
 * adults.first();                          // ... ORDER BY "users"."id" LIMIT 1
 * adults.update("active", true);           // UPDATE "users" SET "active"=$1,"updated_at"=$2 WHERE age >= $3
 * }</pre>
 *
 * <p>A model with a soft-delete field ({@code deletedAt}) gets {@code "users"."deleted_at" IS NULL} in every query,
 * update and delete, unless {@link #unscoped()}.
 *
 * @param <T> the model type ({@code Map<String, Object>} for {@link Db#table(String)})
 */
public final class Query<T> implements Subquery {

    private final Db db;
    private final Class<T> type;
    private final Statement statement;
    private final @Nullable T entity;
    private final QueryOptions<T> options;

    Query(Db db, Class<T> type, Statement statement, @Nullable T entity) {
        this(db, type, statement, entity, QueryOptions.none());
    }

    /**
     * @param db the database view it runs on
     * @param type the model type
     * @param statement the statement built so far
     * @param entity the entity it was made from, or null
     * @param options everything else a chained call set
     */
    Query(Db db, Class<T> type, Statement statement, @Nullable T entity, QueryOptions<T> options) {
        this.db = db;
        this.type = type;
        this.statement = statement;
        this.entity = entity;
        this.options = options;
    }

    /** @return a copy with another statement */
    Query<T> with(Statement s) {
        return new Query<>(db, type, s, entity, options);
    }

    /** @return a copy that runs on another database view (a transaction's, another session's) */
    Query<T> on(Db other) {
        return new Query<>(other, type, statement, entity, options);
    }

    private Query<T> with(QueryOptions<T> o) {
        return new Query<>(db, type, statement, entity, o);
    }

    /** @return the database view it runs on */
    Db db() {
        return db;
    }

    /** @return the model type */
    Class<T> type() {
        return type;
    }

    /** @return the statement built so far */
    Statement statement() {
        return statement;
    }

    /** @return the entity it was made from, or null */
    @Nullable T entity() {
        return entity;
    }

    /** @return everything but the statement that chained calls set */
    QueryOptions<T> options() {
        return options;
    }

    /** @return the model's schema, or null for a query on a table */
    @Nullable Schema schema() {
        return statement.schema();
    }

    /**
     * @param what the operation that needs a model, for the message
     * @return the model's schema
     * @throws UnsupportedOperationException for a query on a table
     */
    Schema requireSchema(String what) {
        Schema s = statement.schema();
        if (s == null) {
            throw new UnsupportedOperationException(what + " needs a model: use db.model(Class) rather than"
                    + " db.table(name)");
        }
        return s;
    }

    // ---------------------------------------------------------------- conditions

    /**
     * Adds a condition in SQL with {@code ?} placeholders, ANDed with earlier ones. The SQL is emitted as written;
     * every argument is bound. A collection argument expands to a list, a list of lists to tuples, a query to a
     * subquery; {@code @name} placeholders take {@link Named} arguments or one {@code Map}.
     *
     * <pre>{@code
     * q.where("name = ? AND age > ?", "Ann", 18)            // WHERE name = $1 AND age > $2
     * q.where("id IN ?", List.of(1, 2))                      // WHERE id IN ($1,$2)
     * q.where("(name, age) IN ?", List.of(List.of("a", 1)))  // WHERE (name, age) IN (($1,$2))
     * q.where("name = @n", Map.of("n", "Ann"))               // WHERE name = $1
     * q.where("amount > (?)", db.table("orders").select("AVG(amount)"))
     * }</pre>
     *
     * <p>One value has its own form, so a value from a generic method is bound as it is:
     * {@code q.where("tenant_id = ?", ctx.get("tenant"))} (see {@link Expr#of(String, Object)}).
     *
     * @param sql trusted SQL text (never built from user input: pass user input as arguments)
     * @param arg the first value
     * @param more one further value per placeholder
     * @return a new query
     * @throws IllegalArgumentException when placeholders and arguments differ
     */
    public Query<T> where(String sql, @Nullable Object arg, @Nullable Object... more) {
        return where(Expr.of(sql, arg, more));
    }

    /**
     * Adds a condition in SQL with one value; see {@link #where(String, Object, Object...)}.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg its value (an {@code Object[]} alone is the argument list, as with varargs)
     * @return a new query
     * @throws IllegalArgumentException when placeholders and arguments differ
     */
    public Query<T> where(String sql, @Nullable Object arg) {
        return where(Expr.of(sql, arg));
    }

    /**
     * Adds a condition in SQL without values: {@code where("deleted_at IS NULL")}.
     *
     * @param sql trusted SQL text without placeholders
     * @return a new query
     * @throws IllegalArgumentException when the text has placeholders
     */
    public Query<T> where(String sql) {
        return where(Expr.of(sql));
    }

    /**
     * Adds a condition expression, ANDed with earlier ones.
     *
     * @param condition the condition
     * @return a new query
     */
    public Query<T> where(Expr condition) {
        return and(Objects.requireNonNull(condition, "condition must not be null"));
    }

    /**
     * Adds equality conditions from a map of column (or field) names to values, every entry, zero values included;
     * a collection value becomes {@code IN}, a null value {@code IS NULL}. A key {@code "Alias.column"} names a
     * column of a joined association ({@code Map.of("Company.name", "acme")} renders
     * {@code "Company"."name" = $1}; see {@link #joins(String, UnaryOperator)}).
     *
     * @param conditions the conditions
     * @return a new query
     * @throws IllegalArgumentException naming a key that is not a column
     */
    public Query<T> where(Map<String, ?> conditions) {
        List<Expression> parts = new ArrayList<>();
        conditions.forEach((k, v) -> parts.add(equals(k, v)));
        return parts.isEmpty() ? this : and(Junction.and(parts));
    }

    /**
     * Adds equality conditions from an entity's set fields: non-null fields, primitives other than 0/false
     * (GORM's zero-value rule; use a map to match zero values).
     *
     * <pre>{@code
     * User probe = new User(); probe.name = "Ann";
     * q.where(probe)   // WHERE "users"."name" = $1
     * }</pre>
     *
     * @param probe an instance of the model
     * @return a new query (unchanged when no field is set)
     */
    public Query<T> where(T probe) {
        Objects.requireNonNull(probe, "probe must not be null");
        if (probe instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) probe;
            return where(map);
        }
        Schema s = requireSchema("where(entity)");
        List<Expression> parts = new ArrayList<>();
        for (Field f : s.fields()) {
            Object v = f.get(probe);
            if (!f.isZero(v) && !(v == null)) {
                parts.add(new Eq(new Column(s.table(), f.column()), FieldValue.of(f.toColumn(v), f), f.storedType()));
            }
        }
        return parts.isEmpty() ? this : and(Junction.and(parts));
    }

    /**
     * Adds a group of conditions built on a fresh query, parenthesised and ANDed:
     *
     * <pre>{@code
     * q.where(g -> g.where("pizza = ?", "pepperoni").where(g2 -> g2.where("size = ?", "small").or("size = ?", "medium")))
     * // WHERE (pizza = $1 AND (size = $2 OR size = $3))
     * }</pre>
     *
     * @param group builds the group's conditions
     * @return a new query
     */
    public Query<T> where(UnaryOperator<Query<T>> group) {
        Expression g = group(group);
        return g == null ? this : and(g);
    }

    /**
     * Joins a condition with {@code OR} to everything before it: {@code where(a).or(b)} is {@code (a) OR (b)}, and a
     * later {@code where(c)} gives {@code ((a) OR (b)) AND (c)}. GORM renders {@code a OR b AND c} instead, which
     * binds {@code c} to {@code b} alone.
     *
     * @param sql trusted SQL text with {@code ?} placeholders
     * @param arg the first value
     * @param more one further value per placeholder
     * @return a new query
     */
    public Query<T> or(String sql, @Nullable Object arg, @Nullable Object... more) {
        return or(Expr.of(sql, arg, more));
    }

    /**
     * {@code OR} with a condition of one value; see {@link #or(String, Object, Object...)} and
     * {@link #where(String, Object)}.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg its value
     * @return a new query
     */
    public Query<T> or(String sql, @Nullable Object arg) {
        return or(Expr.of(sql, arg));
    }

    /**
     * {@code OR} with a condition without values.
     *
     * @param sql trusted SQL text without placeholders
     * @return a new query
     */
    public Query<T> or(String sql) {
        return or(Expr.of(sql));
    }

    /**
     * {@code OR} with an expression; see {@link #or(String, Object, Object...)}.
     *
     * @param condition the condition
     * @return a new query
     */
    public Query<T> or(Expr condition) {
        return orExpression(Objects.requireNonNull(condition, "condition must not be null"));
    }

    /**
     * {@code OR} with a group of conditions; see {@link #or(String, Object, Object...)}.
     *
     * @param group builds the group's conditions
     * @return a new query
     */
    public Query<T> or(UnaryOperator<Query<T>> group) {
        Expression g = group(group);
        return g == null ? this : orExpression(g);
    }

    /**
     * Adds a negated condition: {@code NOT (sql)}.
     *
     * @param sql trusted SQL text with {@code ?} placeholders
     * @param arg the first value
     * @param more one further value per placeholder
     * @return a new query
     */
    public Query<T> not(String sql, @Nullable Object arg, @Nullable Object... more) {
        return and(new Not(Expr.of(sql, arg, more)));
    }

    /**
     * Adds a negated condition of one value; see {@link #where(String, Object)}.
     *
     * @param sql trusted SQL text with one placeholder
     * @param arg its value
     * @return a new query
     */
    public Query<T> not(String sql, @Nullable Object arg) {
        return and(new Not(Expr.of(sql, arg)));
    }

    /**
     * Adds a negated condition without values: {@code NOT (sql)}.
     *
     * @param sql trusted SQL text without placeholders
     * @return a new query
     */
    public Query<T> not(String sql) {
        return and(new Not(Expr.of(sql)));
    }

    /**
     * Adds negated equality conditions from a map: {@code NOT ("a" = $1 AND "b" = $2)}.
     *
     * @param conditions the conditions
     * @return a new query
     */
    public Query<T> not(Map<String, ?> conditions) {
        List<Expression> parts = new ArrayList<>();
        conditions.forEach((k, v) -> parts.add(equals(k, v)));
        return parts.isEmpty() ? this : and(new Not(Junction.and(parts)));
    }

    private Query<T> and(Expression condition) {
        return with(statement.with(Where.of(condition)));
    }

    /** Adds a clause built by r2orm itself (association counts). */
    Query<T> withClause(dev.r2orm.clause.Clause clause) {
        return with(statement.with(clause));
    }

    /** Adds a condition expression built by r2orm itself (preloads, associations). */
    Query<T> whereCondition(Expression condition) {
        return and(condition);
    }

    private Query<T> orExpression(Expression condition) {
        Where earlier = (Where) statement.clause("WHERE");
        if (earlier == null) {
            return and(condition);
        }
        Expression before = Junction.and(earlier.conditions());
        return with(statement.without("WHERE").with(Where.of(Junction.or(List.of(before, condition)))));
    }

    private @Nullable Expression group(UnaryOperator<Query<T>> group) {
        Query<T> built = group.apply(new Query<>(db, type, Statement.of(statement.table(), schema()), null,
                QueryOptions.none()));
        Where w = (Where) built.statement.clause("WHERE");
        return w == null ? null : Junction.and(w.conditions());
    }

    private Expression equals(String key, @Nullable Object value) {
        Schema s = schema();
        Field f = s == null ? null : s.lookup(key);
        Column column = null;
        if (s != null && f == null && key.indexOf('.') > 0) {
            Map.Entry<Column, Field> qualified = AssociationJoins.column(db, s, key);
            column = qualified.getKey();
            f = qualified.getValue();
        }
        if (s != null && f == null) {
            throw new IllegalArgumentException("where: '" + key + "' is not a field or column of " + s.type().getName()
                    + " (a joined association's column is named Alias.column)");
        }
        if (column == null) {
            column = f != null ? new Column(s.table(), f.column()) : Column.of(Identifiers.column(key, "where"));
        }
        Class<?> t = f != null ? f.storedType() : value == null ? Object.class : value.getClass();
        if (value instanceof Collection<?>) {
            List<Object> values = new ArrayList<>();
            for (Object v : (Collection<?>) value) {
                values.add(f != null ? FieldValue.of(f.toColumn(v), f) : v);
            }
            return new In(column, values, f != null ? f.storedType() : Object.class);
        }
        return new Eq(column, f != null ? FieldValue.of(f.toColumn(value), f) : value, t);
    }

    /**
     * @param id a primary key value, or a collection of them
     * @return the condition on the primary key
     * @throws IllegalArgumentException when the model has not exactly one primary key field
     */
    Expression keyEquals(Object id) {
        Schema s = requireSchema("a primary key lookup");
        if (s.primaryKeys().size() != 1) {
            throw new IllegalArgumentException(s.type().getName() + " has " + s.primaryKeys().size()
                    + " primary key fields; look it up with where(...) instead");
        }
        Field pk = s.primaryKeys().get(0);
        Column column = new Column(s.table(), pk.column());
        if (id instanceof Collection<?>) {
            return new In(column, List.copyOf((Collection<?>) id), pk.boxedType());
        }
        return new Eq(column, id, pk.boxedType());
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
     * {@code SELECT DISTINCT} of the given columns (validated like {@link #select(String...)}), or of the current
     * select list when none are given.
     *
     * @param columns the columns, optional
     * @return a new query
     */
    public Query<T> distinct(String... columns) {
        Query<T> q = columns.length == 0 ? this : select(columns);
        Select s = (Select) q.statement.clause("SELECT");
        return q.with(q.statement.without("SELECT").with(new Select(s == null ? List.of() : s.columns(), true)));
    }

    /**
     * Orders by columns: {@code "age desc, name"}. Terms are column names ({@code column} or {@code table.column},
     * or a field name of the model), each optionally followed by {@code asc} or {@code desc}; they are validated and
     * quoted. Unlike GORM's {@code Order(string)}, a string here can never carry SQL: use {@link #order(Expr)} for an
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
     * Adds a condition on groups with one value; see {@link #where(String, Object)}.
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
     * ({@code ctx.<Long>get("tenant")}): Java would otherwise pick {@link #joins(String, UnaryOperator)}.
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
     * <p>A text made only of names and dots names associations, as {@link #joins(String, UnaryOperator)}; anything
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
        Query<T> q = this;
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
     * ({@code WHERE "posts"."user_id" IN ($1,$2,...)}, at most 1,000 keys each; {@link #find()} reads the rows in
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
        return new QueryReads<>(this).preloadWithJoin(join, condition, owner);
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
     * request (tenant, user): applied to every read, update and delete of this query, not to {@link #toSql()}.
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
     * Includes soft-deleted rows in queries, and makes {@link #delete()} remove rows for real.
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
     * Makes {@link #create(Object)} and {@link #createAll(List)} upserts:
     * {@code onConflict(OnConflict.updateColumns("name")).create(user)} renders {@code ON CONFLICT ... DO UPDATE} on
     * PostgreSQL, {@code ON DUPLICATE KEY UPDATE} on MySQL/MariaDB and {@code MERGE} on H2. Rows an updating upsert
     * wrote do not get their generated keys back.
     *
     * <p>With a rule that does nothing on a collision ({@link OnConflict#doNothing()}), the create emits only the rows
     * the database inserted, with their generated keys; a skipped row is not emitted, so {@link #create(Object)}
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
     * Inserts an entity with this query's {@link #select(String...)} / {@link #omit(String...)} and
     * {@link #onConflict(OnConflict)}; otherwise as {@link Db#create(Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param value the entity
     * @return the created entity; empty when an upsert that does nothing skipped it
     */
    public Mono<T> create(T value) {
        return createAll(List.of(Objects.requireNonNull(value, "value must not be null"))).singleOrEmpty();
    }

    /**
     * Inserts entities of the model as {@link Db#createAll(List)} does, with this query's select/omit and upsert
     * rule.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the entities
     * @return the created entities in order; with an upsert that does nothing, only those inserted
     */
    public Flux<T> createAll(List<? extends T> values) {
        return new QueryWrites<>(this).createAll(values);
    }

    /**
     * Inserts one row from a map of field (or column) names to values or {@link Expr}s, as GORM's
     * {@code Create(map)}: timestamps are set, the generated key is put into the map under the key's field name.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values the row
     * @return a copy of the map with the generated key and timestamps; empty when an upsert that does nothing
     *     skipped it
     * @throws IllegalArgumentException naming a key that is not a field or column
     */
    public Mono<Map<String, @Nullable Object>> create(Map<String, ?> values) {
        return new QueryWrites<>(this).create(values);
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

    // ---------------------------------------------------------------- reads

    /**
     * Finds every matching row, as a stream: rows are read from the driver as the subscriber requests them, a
     * {@link #fetchSize(int) fetch size} at a time, so a result larger than memory passes through a small heap. The
     * stream holds its connection until it ends; inside a transaction, finish (or window) it before running another
     * statement in the same transaction, since the connection is busy until then.
     *
     * <p>With {@link #preload preloads}, rows come in the query's order, in windows of 1,000: each window's
     * associations are loaded (one statement per association and level, at most 1,000 keys each) before the window
     * is emitted and the next one is read, so memory holds one window with its associations, whatever the order or
     * size of the result. A preload's own order sorts each row's associated rows only. How windows are read:
     * <ul>
     *   <li>with no order, or an order by columns of the model: each window is a statement of its own, like
     *   {@link #findInBatches}, in that order with the primary key breaking ties, NULLs where the database sorts
     *   them, continuing after the last row of the window before; a limit and offset cap the windows. Each window's
     *   result is closed before its preload statements run, so one connection serves the whole read (inside a
     *   transaction too). Each window is a query: on a large table, index the order's columns.
     *   <li>with an order that windows cannot follow ({@link #order(Expr)}, a column of another table) or a model
     *   without primary key: the one result streams in its order and every 1,000 rows are preloaded as they arrive.
     *   Its connection stays open meanwhile, so the preload statements take another connection of the pool; inside
     *   a transaction they make the rest of the result be read into memory first. Order by columns of the model to
     *   keep a large read in a transaction bounded.
     *   <li>with a limit of at most 1,000 rows: one statement, then the preloads.
     * </ul>
     *
     * <pre>{@code
     * db.model(Author.class).order("name").preload("Books", q -> q.order("title desc")).find()
     * // on PostgreSQL:
     * // SELECT * FROM "authors" ORDER BY "authors"."name","authors"."id" LIMIT 1000
     * // SELECT * FROM "books" WHERE "books"."author_id" = ANY(CAST($1 AS bigint[])) ORDER BY "title" DESC
     * // SELECT * FROM "authors" WHERE (("authors"."name" > $1 OR "authors"."name" IS NULL)
     * //     OR ("authors"."name" = $2 AND "authors"."id" > $3)) ORDER BY "authors"."name","authors"."id" LIMIT 1000
     * // SELECT * FROM "books" WHERE "books"."author_id" = ANY(...) ORDER BY "title" DESC, and so on
     * // (elsewhere, and for fewer than 32 keys, "author_id" IN ($1,$2,...))
     * }</pre>
     *
     * @return the entities; empty when nothing matches. Cancelling releases the connection once the driver has
     *     discarded the rest of the result or cancelled it on the server (with a {@link #fetchSize} on PostgreSQL: at
     *     most one fetch)
     * @throws UnsupportedOperationException with preloads on a query without model ({@code db.table(...)})
     */
    public Flux<T> find() {
        return new QueryReads<>(this).find();
    }

    /**
     * Reads the matching rows in batches by keyset pagination: each batch is its own query, run only when the
     * subscriber asks for the batch, with preloads applied to it, continuing after the last row of the batch before
     * ({@code WHERE ... AND ("id") > ($n) ORDER BY "id" LIMIT size}). Without an {@link #order} the batches follow
     * the primary key (composite keys too); with one, on columns of the model, they follow that order with the
     * primary key as tie-breaker, NULLs placed where the database sorts them (so unlike GORM, the order is honoured
     * rather than silently broken). Rows of the current batch may be updated or deleted inside the pipeline.
     *
     * <pre>{@code
     * db.model(User.class).where("active = ?", true).order("age desc").findInBatches(500)
     *         .concatMap(batch -> process(batch))
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param size the rows per batch, at least 1
     * @return the batches, each a list of at most {@code size} rows
     * @throws IllegalArgumentException when size is below 1
     * @throws UnsupportedOperationException when the query has a limit or offset, the model has no primary key, the
     *     order is not by columns of the model, or a select list leaves out the primary key or a column of the order
     *     (the values each batch continues after)
     */
    public Flux<List<T>> findInBatches(int size) {
        return new QueryReads<>(this).findInBatches(size);
    }

    /**
     * Finds the rows whose primary key is one of {@code ids}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param ids primary key values
     * @return the entities
     */
    public Flux<T> find(Collection<?> ids) {
        return with(statement.with(Where.of(keyEquals(List.copyOf(ids))))).find();
    }

    /**
     * Finds the rows matching an inline condition: {@code find("age > ?", 18)}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value
     * @param more further values
     * @return the entities
     */
    public Flux<T> find(String sql, @Nullable Object arg, @Nullable Object... more) {
        return where(Expr.of(sql, arg, more)).find();
    }

    /**
     * The first row ordered by primary key ({@code ORDER BY "id" LIMIT 1}), after any order already given.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> first() {
        return new QueryReads<>(this).byKey(false);
    }

    /**
     * The row with this primary key: {@code first(10)}, {@code first("en")}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param id the primary key value
     * @return the entity; {@link RecordNotFoundException} when there is none
     */
    public Mono<T> first(Object id) {
        return with(statement.with(Where.of(keyEquals(Objects.requireNonNull(id, "id must not be null"))))).first();
    }

    /**
     * The first row matching an inline condition: {@code first("name = ?", "Ann")}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param sql trusted SQL text with at least one placeholder
     * @param arg the first value
     * @param more further values
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> first(String sql, @Nullable Object arg, @Nullable Object... more) {
        return where(Expr.of(sql, arg, more)).first();
    }

    /**
     * One row in no particular order ({@code LIMIT 1}).
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> take() {
        return new QueryReads<>(this).take();
    }

    /**
     * The last row ordered by primary key ({@code ORDER BY "id" DESC LIMIT 1}), after any order already given.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the entity; {@link RecordNotFoundException} when nothing matches
     */
    public Mono<T> last() {
        return new QueryReads<>(this).byKey(true);
    }

    /**
     * Counts the matching rows, ignoring order, limit, offset and locking. With {@code distinct} or {@code group} it counts
     * the distinct rows or the groups ({@code SELECT COUNT(*) FROM (...) AS "r2orm_count"}).
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the count; 0 in a dry run
     */
    public Mono<Long> count() {
        return new QueryReads<>(this).count();
    }

    /**
     * The values of one column: {@code pluck("name", String.class)}.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param column a column or field name ({@code table.column} allowed), validated and quoted
     * @param valueType the Java type to read it as
     * @param <R> the value type
     * @return the values, one per matching row that is not NULL (a reactive stream cannot carry null: count the
     *     NULLs with {@code where("col IS NULL").count()})
     * @throws IllegalArgumentException when {@code column} is not a column name
     */
    public <R> Flux<R> pluck(String column, Class<R> valueType) {
        return new QueryReads<>(this).pluck(column, valueType);
    }

    /**
     * Reads the matching rows into another class, a DTO or record, by column name. Without a {@code select}, only
     * the DTO's columns are selected (GORM's smart select).
     *
     * <pre>{@code
     * record UserName(Long id, String name) {}
     * q.scan(UserName.class)   // SELECT "users"."id","users"."name" FROM "users" ...
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @param dto the class to read into; mapped like a model (fields, or record components)
     * @param <R> the DTO type
     * @return the DTOs
     * @throws InvalidModelException when the class cannot be mapped
     */
    public <R> Flux<R> scan(Class<R> dto) {
        return new QueryReads<>(this).scan(dto);
    }

    /**
     * Streams the matching rows through a function, for results a model does not fit (GORM's {@code Rows} and
     * {@code ScanRows}): the function reads columns by name or index, or scans the row into a model or DTO. Rows
     * are read as the subscriber requests them, with the query's fetch size.
     *
     * <pre>{@code
     * db.model(User.class).select(Expr.raw("users.*, length(name) AS name_length"))
     *         .rows(row -> Map.entry(row.scan(User.class), row.get("name_length", Integer.class)))
     * }</pre>
     *
     * @param function reads one row; the {@link ResultRow} is valid only during the call; must not return null
     * @param <R> what the function makes of a row
     * @return one value per row; a {@link NullPointerException} when the function returns null, and the function's
     *     own errors. Cancelling releases the connection.
     */
    public <R> Flux<R> rows(java.util.function.Function<ResultRow, ? extends R> function) {
        return new QueryReads<>(this).rows(function);
    }

    /**
     * Reads the matching rows as maps of column label (lower-case) to value.
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return one map per row, columns in result order
     */
    public Flux<Map<String, @Nullable Object>> findMaps() {
        return new QueryReads<>(this).findMaps();
    }

    // ---------------------------------------------------------------- first or init / create

    /**
     * Values used by {@link #firstOrInit()} and {@link #firstOrCreate()} only when no row matches.
     *
     * @param values field or column names to values
     * @return a new query
     */
    public Query<T> attrs(Map<String, ?> values) {
        Map<String, @Nullable Object> merged = FirstOrInit.merged(options.attrs(), values);
        return with(options.with(b -> b.attrs = merged));
    }

    /**
     * Values written into the result of {@link #firstOrInit()} and {@link #firstOrCreate()} whether a row matches
     * or not; {@code firstOrCreate} also saves them to a matching row.
     *
     * @param values field or column names to values
     * @return a new query
     */
    public Query<T> assign(Map<String, ?> values) {
        Map<String, @Nullable Object> merged = FirstOrInit.merged(options.assign(), values);
        return with(options.with(b -> b.assign = merged));
    }

    /**
     * The first matching row, or a new, unsaved instance built from the query's equality conditions (from
     * {@link #where(Map)} or {@link #where(Object)}), then {@link #attrs}, then {@link #assign}.
     *
     * <pre>{@code
     * db.model(User.class).where(Map.of("name", "non_existing")).attrs(Map.of("age", 20)).firstOrInit()
     * // no row: User{name=non_existing, age=20}, not saved
     * }</pre>
     *
     * <p>Cancelling stops the query: no more rows are read, a statement still running is stopped on the server, and the
     * connection goes back to the pool (inside a transaction it stays the transaction's).
     *
     * @return the found or new entity
     */
    public Mono<T> firstOrInit() {
        return FirstOrInit.firstOrInit(this);
    }

    /**
     * The first matching row, with {@link #assign} values saved to it; or, when no row matches, a new entity built as
     * in {@link #firstOrInit()} and created.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the found (and assigned) or created entity
     */
    public Mono<T> firstOrCreate() {
        return FirstOrInit.firstOrCreate(this);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Updates one column of the matching rows (and {@code updatedAt}), running update hooks when the query was made
     * from an entity ({@code db.model(user)}).
     *
     * <pre>{@code
     * db.model(user).update("name", "Bob")   // UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3
     * }</pre>
     *
     * <p>For a model with a {@link dev.r2orm.annotation.Version @Version}, the version is moved on; when the query
     * was made from an entity whose key and version are set, the row must still hold that version
     * ({@code AND "users"."version" = $4}), else {@link OptimisticLockException} is signalled, and on success the new
     * version is written into the entity. Without an entity nothing is checked.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param column a field or column name
     * @param value the value, or an {@link Expr} / subquery
     * @return the number of rows updated; {@link MissingWhereClauseException} when the query has no condition,
     *     {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> update(String column, @Nullable Object value) {
        return new QueryWrites<>(this).update(column, value, true);
    }

    /**
     * Updates columns from a map, every entry including zero values, and {@code updatedAt}; the {@code @Version} as
     * for {@link #update(String, Object)}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values or {@link Expr}s
     * @return the number of rows updated; {@link OptimisticLockException} when a checked version matched no row
     * @throws IllegalArgumentException naming a key that is not a field or column
     */
    public Mono<Long> updates(Map<String, ?> values) {
        return new QueryWrites<>(this).runUpdate(UpdatePlan.values(values), true);
    }

    /**
     * Updates from an entity's set fields (non-null; primitives other than 0/false), narrowed or widened by
     * {@link #select(String...)} / {@link #omit(String...)}, and {@code updatedAt}. The {@code @Version} is handled as
     * for {@link #update(String, Object)}: the version checked is that of the query's entity
     * ({@code db.model(entity)}), never the one in {@code values}, which is not written.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values an instance of the model holding the new values
     * @return the number of rows updated; {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> updates(T values) {
        return new QueryWrites<>(this).updates(values);
    }

    /**
     * Updates one column without hooks, without touching {@code updatedAt}, and without checking or moving the
     * {@code @Version} (GORM's {@code UpdateColumn}): for bookkeeping writes that must not conflict with edits.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param column a field or column name
     * @param value the value
     * @return the number of rows updated
     */
    public Mono<Long> updateColumn(String column, @Nullable Object value) {
        return new QueryWrites<>(this).update(column, value, false);
    }

    /**
     * Updates columns from a map without hooks, without touching {@code updatedAt}, and without checking or moving the
     * {@code @Version}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values
     * @return the number of rows updated
     */
    public Mono<Long> updateColumns(Map<String, ?> values) {
        return new QueryWrites<>(this).runUpdate(UpdatePlan.values(values), false);
    }

    /**
     * Deletes the matching rows; for a soft-delete model, sets {@code deletedAt} instead (unless
     * {@link #unscoped()}). Runs delete hooks when the query was made from an entity. For an entity, associations
     * named with {@link #select(String...)} are deleted first, in the same transaction:
     * {@code db.model(user).select("Posts", "Languages").delete()} deletes the user's posts and language links
     * ({@link Associations#ALL}: every has-one, has-many and many-to-many). For an entity whose model has a
     * {@link dev.r2orm.annotation.Version @Version} and whose version is set, the row must still hold that version,
     * else {@link OptimisticLockException} is signalled (and the association deletes are rolled back).
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the number of rows deleted; {@link MissingWhereClauseException} when the query has no condition,
     *     {@link OptimisticLockException} when a checked version matched no row
     */
    public Mono<Long> delete() {
        return new QueryWrites<>(this).delete();
    }

    /**
     * Deletes the rows whose primary key is one of {@code ids} (soft-deletes them for a soft-delete model).
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param ids primary key values
     * @return the number of rows deleted
     */
    public Mono<Long> delete(Collection<?> ids) {
        return new QueryWrites<>(this).delete(ids);
    }

    /**
     * Updates like {@link #updates(Map)} and emits the updated rows as they are afterwards: {@code RETURNING *} on
     * PostgreSQL, {@code FINAL TABLE} on H2; MySQL and MariaDB signal {@link UnsupportedByDialectException}.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @param values field or column names to values or {@link Expr}s
     * @return the updated rows
     */
    public Flux<T> updatesReturning(Map<String, ?> values) {
        return new QueryWrites<>(this).updatesReturning(values);
    }

    /**
     * Deletes like {@link #delete()} and emits the deleted rows as they were: {@code RETURNING *} on PostgreSQL and
     * MariaDB, {@code OLD TABLE} on H2; MySQL signals {@link UnsupportedByDialectException}. A soft delete is an
     * update, so on MariaDB it is unsupported too.
     *
     * <p>Cancelling: inside a transaction the statement already sent still completes, and the transaction's next
     * statement waits for it; outside one, a write of several statements or with hooks runs in a transaction of its
     * own, which is rolled back, and a single statement already sent may or may not have taken effect. The connection
     * is released either way.
     *
     * @return the deleted rows
     */
    public Flux<T> deleteReturning() {
        return new QueryWrites<>(this).deleteReturning();
    }

    /**
     * Runs an update of the matching rows with this query's entity ({@link Db#save} of an entity).
     *
     * @param plan what to set
     * @param hooksAndTimestamps whether hooks run, {@code updatedAt} is set and the {@code @Version} is handled
     * @return the number of rows updated
     */
    Mono<Long> runUpdate(UpdatePlan plan, boolean hooksAndTimestamps) {
        return new QueryWrites<>(this).runUpdate(plan, hooksAndTimestamps);
    }

    // ---------------------------------------------------------------- rendering

    /**
     * The statement {@link #find()} sends, rendered without a connection, as a dry run would log it: the
     * soft-delete condition, association joins ({@code LEFT JOIN "companies" "Company" ON ...} with the joined
     * columns selected) and raw joins included. With preloads, it is the main statement: when {@link #find()} reads
     * in keyset windows, the first window's ({@code ... ORDER BY "users"."id" LIMIT 1000}; later windows add a
     * condition on the last row's order values). The preload statements are not shown, since they depend on the rows
     * read.
     * {@link #contextScope} scopes are not applied: they need a subscriber's context.
     *
     * @return the SQL and its binds
     * @throws InvalidModelException when a joined association cannot be resolved
     */
    public Sql toSql() {
        return new QueryStatements<>(this).toSql();
    }

    /**
     * Renders this query's {@code SELECT} into another statement, as a subquery; its values are bound in place.
     *
     * @param w the writer
     */
    @Override
    public void build(SqlWriter w) {
        new QueryStatements<>(this).build(w);
    }

    /** The key of a parsed {@code order("...")} text. */
    private record OrderText(@Nullable Schema schema, String text) {
    }

    @Override
    public String toString() {
        return "Query[" + type.getSimpleName() + ": " + toSql().sql() + "]";
    }
}
