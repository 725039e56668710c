package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.FieldValue;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.Not;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.Identifiers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The state of a {@link Query} and the first part of its chain: the conditions ({@code where}, {@code or},
 * {@code not}). Its public methods are {@code Query}'s and documented with it; the chain continues in
 * {@link QueryChain}, and the methods that run a query are on {@link Query} itself.
 *
 * @param <T> the model type
 */
abstract sealed class QueryConditions<T> permits QueryChain {

    final Db db;
    final Class<T> type;
    final Statement statement;
    final @Nullable T entity;
    final QueryOptions<T> options;

    /**
     * @param db the database view it runs on
     * @param type the model type
     * @param statement the statement built so far
     * @param entity the entity it was made from, or null
     * @param options everything else a chained call set
     */
    QueryConditions(Db db, Class<T> type, Statement statement, @Nullable T entity, QueryOptions<T> options) {
        this.db = db;
        this.type = type;
        this.statement = statement;
        this.entity = entity;
        this.options = options;
    }

    /** @return this query as what it is: the one subclass, {@link Query} */
    final Query<T> self() {
        return (Query<T>) this;
    }

    /** @return a copy with another statement */
    final Query<T> with(Statement s) {
        return new Query<>(db, type, s, entity, options);
    }

    /** @return a copy that runs on another database view (a transaction's, another session's) */
    final Query<T> on(Db other) {
        return new Query<>(other, type, statement, entity, options);
    }

    /** @return a copy with other options */
    final Query<T> with(QueryOptions<T> o) {
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
     * Adds a condition in SQL with one value; see {@link Query#where(String, Object, Object...)}.
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
     * {@code "Company"."name" = $1}; see {@link Query#joins(String, UnaryOperator)}).
     *
     * @param conditions the conditions
     * @return a new query
     * @throws IllegalArgumentException naming a key that is not a column
     */
    public Query<T> where(Map<String, ?> conditions) {
        List<Expression> parts = new ArrayList<>();
        conditions.forEach((k, v) -> parts.add(equals(k, v)));
        return parts.isEmpty() ? self() : and(Junction.and(parts));
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
        return parts.isEmpty() ? self() : and(Junction.and(parts));
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
        return g == null ? self() : and(g);
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
     * {@code OR} with a condition of one value; see {@link Query#or(String, Object, Object...)} and
     * {@link Query#where(String, Object)}.
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
     * {@code OR} with an expression; see {@link Query#or(String, Object, Object...)}.
     *
     * @param condition the condition
     * @return a new query
     */
    public Query<T> or(Expr condition) {
        return orExpression(Objects.requireNonNull(condition, "condition must not be null"));
    }

    /**
     * {@code OR} with a group of conditions; see {@link Query#or(String, Object, Object...)}.
     *
     * @param group builds the group's conditions
     * @return a new query
     */
    public Query<T> or(UnaryOperator<Query<T>> group) {
        Expression g = group(group);
        return g == null ? self() : orExpression(g);
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
     * Adds a negated condition of one value; see {@link Query#where(String, Object)}.
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
        return parts.isEmpty() ? self() : and(new Not(Junction.and(parts)));
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
}
