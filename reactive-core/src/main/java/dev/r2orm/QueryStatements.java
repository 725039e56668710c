package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.From;
import dev.r2orm.clause.Limit;
import dev.r2orm.clause.OrderBy;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import reactor.util.context.ContextView;

/**
 * Renders the statements of a {@link Query}: the select list (the default one, association joins' columns),
 * {@code FROM}, the soft-delete condition, the scopes read from the subscriber's context, and the primary-key order
 * of {@link Query#first()} and {@link Query#last()}.
 *
 * @param <T> the model type
 */
final class QueryStatements<T> {

    /** The key of a model's primary-key order. */
    private record KeyOrder(Schema schema, boolean desc) {
    }

    private final Query<T> query;
    private final QueryOptions<T> options;

    /** @param query the query whose statements to render */
    QueryStatements(Query<T> query) {
        this.query = query;
        this.options = query.options();
    }

    /**
     * The body of {@link Query#toSql()}.
     *
     * @return the first statement {@link Query#find()} sends, with its binds
     */
    Sql toSql() {
        return finalStatement(firstStatement()).render(query.db().dialect(), Statement.SELECT);
    }

    /**
     * The body of {@link Query#build(SqlWriter)}: the query's {@code SELECT} rendered as a subquery.
     *
     * @param w the writer
     */
    void build(SqlWriter w) {
        finalStatement(query.statement()).renderInto(w, Statement.SELECT);
    }

    /**
     * The statement {@link Query#find()} sends first: the query itself, or with preloads read in keyset windows, the
     * first window's (the query's order completed by the primary key, and the window's limit).
     */
    private Statement firstStatement() {
        Statement statement = query.statement();
        Schema s = query.schema();
        if (options.preloads().isEmpty() || s == null) {
            return statement;
        }
        Limit limit = (Limit) statement.clause("LIMIT");
        if (limit != null && limit.limit() >= 0 && limit.limit() <= Preloader.WINDOW
                || KeysetWindows.obstacle(s, statement) != null) {
            return statement;
        }
        return KeysetWindows.of(s, statement).first(statement, Preloader.WINDOW, limit == null ? -1 : limit.limit(),
                limit == null ? 0 : limit.offset());
    }

    /**
     * {@code SELECT *}, or with joins and no select list the model's own columns qualified by its table, so joined
     * tables' columns cannot overwrite its fields.
     *
     * @param s a statement
     * @return the statement with its select list and hints
     */
    Statement withDefaultSelect(Statement s) {
        Select select = (Select) s.clause("SELECT");
        if (select == null) {
            Schema schema = query.schema();
            if (s.clause("JOIN") == null || schema == null) {
                select = Select.ALL;
            } else {
                List<Expression> cols = new ArrayList<>();
                for (Field f : schema.fields()) {
                    cols.add(new Column(schema.table(), f.column()));
                }
                select = new Select(cols, false);
            }
        }
        dev.r2orm.clause.Hints hints = (dev.r2orm.clause.Hints) s.clause("HINTS");
        return s.without("SELECT").with(hints == null ? select : select.withHints(hints));
    }

    /**
     * The {@code SELECT} sent for a statement: association joins with their columns, the default select list and
     * {@code FROM}. The query step adds the soft-delete condition; {@link #finalStatement} adds it here.
     *
     * @param s a statement of the query
     * @return the statement to send
     */
    Statement selectStatement(Statement s) {
        Statement out = s;
        Schema schema = query.schema();
        if (!options.joins().isEmpty() && schema != null) {
            out = AssociationJoins.apply(query.db(), schema, out, options.joins(), options.unscoped());
        }
        out = withDefaultSelect(out);
        return out.clause("FROM") == null ? out.with(new From(s.table())) : out;
    }

    /**
     * The {@code SELECT} as the query step would send it, for rendering without running: {@link #selectStatement}
     * with the soft-delete condition unless the query is unscoped.
     *
     * @param s a statement of the query
     * @return the statement
     */
    Statement finalStatement(Statement s) {
        Statement out = selectStatement(s);
        return options.unscoped() ? out : out.withSoftDeleteScope();
    }

    /**
     * Applies the query's context scopes to a statement, in the order they were added.
     *
     * @param s a statement of the query
     * @param ctx the subscriber's context
     * @return the narrowed statement ({@code s} itself without context scopes)
     * @throws NullPointerException when a scope returns null
     */
    Statement scoped(Statement s, ContextView ctx) {
        if (options.contextScopes().isEmpty()) {
            return s;
        }
        Query<T> q = new Query<>(query.db(), query.type(), s, query.entity(),
                options.with(b -> b.contextScopes = List.of()));
        for (BiFunction<Query<T>, ContextView, Query<T>> scope : options.contextScopes()) {
            q = Objects.requireNonNull(scope.apply(q, ctx), "a context scope returned null");
        }
        return q.statement();
    }

    /**
     * The primary-key order of {@link Query#first()} and {@link Query#last()} (the first field for a model without
     * primary key).
     *
     * @param desc whether descending
     * @return the order's items
     * @throws UnsupportedOperationException for a query without model
     */
    List<OrderBy.Item> keyOrder(boolean desc) {
        Schema schema = query.requireSchema("first/last");
        return query.db().ordering(new KeyOrder(schema, desc), () -> {
            List<Field> keys = schema.primaryKeys().isEmpty() ? List.of(schema.fields().get(0)) : schema.primaryKeys();
            return keys.stream().map(f -> new OrderBy.Item(new Column(schema.table(), f.column()), desc)).toList();
        });
    }
}
