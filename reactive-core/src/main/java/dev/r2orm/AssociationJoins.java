package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.In;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Junction;
import dev.r2orm.clause.Not;
import dev.r2orm.clause.Select;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.RowMappers;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.Relation;
import dev.r2orm.schema.Schema;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Loads to-one associations in the same query as their owners, as GORM's {@code Joins("Company")}. Each joined table
 * gets the association's name as its alias, so two associations to one table are two joins, and a nested path joins
 * every level, its alias the names joined by {@code __}:
 *
 * <pre>{@code
 * SELECT "users"."id",...,"Address"."id" AS "Address__id",...,"Address__City"."id" AS "Address__City__id",...
 * FROM "users"
 * LEFT JOIN "addresses" "Address" ON "Address"."id" = "users"."address_id"
 * LEFT JOIN "cities" "Address__City" ON "Address__City"."id" = "Address"."city_id"
 * }</pre>
 *
 * <p>A row whose joined columns are all NULL gives a null association (and leaves the levels below it unset).
 */
final class AssociationJoins {

    /** What {@code joins(...)} takes as an association path rather than SQL: names separated by dots. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /**
     * One association join as given.
     *
     * @param path the association's name, or a dotted path of to-one associations ({@code "Address.City"})
     * @param inner whether rows without a match are dropped ({@code INNER JOIN})
     * @param condition narrows the joined rows of the path's last level, in its {@code ON} clause; or null
     */
    record Join(String path, boolean inner, @Nullable UnaryOperator<Query<Object>> condition) {
    }

    /**
     * One joined table.
     *
     * @param alias the table's alias, also the prefix of its column labels
     * @param relation the association
     * @param parent the index of the level it hangs from, or -1 for the owner
     */
    private record Node(String alias, Relation relation, int parent, boolean inner,
            @Nullable UnaryOperator<Query<Object>> condition) {
    }

    private AssociationJoins() {
    }

    /**
     * Whether a string given to {@code joins} is an association path rather than SQL: only names and dots.
     *
     * @param text the stripped string
     * @return whether it must name associations
     */
    static boolean isPath(String text) {
        return PATH.matcher(text).matches();
    }

    /**
     * Checks a join when the query is built: every segment of the path a to-one association of the level before.
     *
     * @param db the database
     * @param owner the owner's schema, or null for a query on a table without a model
     * @param path the association name or dotted path
     * @param inner whether it is an inner join
     * @param condition narrows the last level's rows, or null
     * @return the join
     * @throws InvalidModelException naming the unknown association and those the model has, or the collection
     * @throws IllegalArgumentException when the query has no model, or the path is not names and dots
     */
    static Join join(Db db, @Nullable Schema owner, String path, boolean inner,
            @Nullable UnaryOperator<Query<Object>> condition) {
        String p = path.strip();
        if (owner == null) {
            throw new IllegalArgumentException("joins(\"" + p + "\"): a query on a table without a model has no"
                    + " associations; use db.model(Class), or SQL starting with a join keyword");
        }
        if (!isPath(p)) {
            throw new IllegalArgumentException("joins: '" + p + "' is not an association name or dotted path");
        }
        Join j = new Join(p, inner, condition);
        resolve(db, owner, List.of(j));
        return j;
    }

    /**
     * The alias GORM gives an association's table: its name with a capital first letter ({@code OriginalLanguage}).
     */
    private static String segment(Relation r) {
        String n = r.name();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static Relation relation(Db db, Schema schema, String name, String path) {
        Relation r;
        try {
            r = db.schemas().relation(schema, name);
        } catch (InvalidModelException e) {
            throw new InvalidModelException("joins(\"" + path + "\"): " + e.getMessage()
                    + "; joins takes a to-one association, a dotted path of them, or SQL starting with a join keyword");
        }
        if (r.isCollection()) {
            throw new InvalidModelException("joins(\"" + path + "\"): " + schema.type().getName() + "." + r.name()
                    + " is a " + r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " association; joins load has-one and belongs-to only, use preload");
        }
        return r;
    }

    /** The joined tables, parents before children; a path given twice is joined once, as the last call says. */
    private static List<Node> resolve(Db db, Schema owner, List<Join> joins) {
        List<Node> out = new ArrayList<>();
        Map<String, Integer> byAlias = new HashMap<>();
        for (Join j : joins) {
            String[] segments = j.path().split("\\.");
            Schema at = owner;
            int parent = -1;
            String prefix = "";
            for (int i = 0; i < segments.length; i++) {
                Relation r = relation(db, at, segments[i], j.path());
                String alias = prefix.isEmpty() ? segment(r) : prefix + "__" + segment(r);
                boolean last = i == segments.length - 1;
                Integer known = byAlias.get(alias);
                if (known == null) {
                    byAlias.put(alias, out.size());
                    out.add(new Node(alias, r, parent, j.inner(), last ? j.condition() : null));
                    known = out.size() - 1;
                } else if (last) {
                    out.set(known, new Node(alias, r, parent, j.inner(), j.condition()));
                }
                parent = known;
                at = r.target();
                prefix = alias;
            }
        }
        return out;
    }

    /**
     * A qualified column named in a condition: {@code "users.name"}, or a joined association's column by alias or
     * path ({@code "OriginalLanguage.name"}, {@code "Address__City.name"}, {@code "Address.City.name"}). The
     * association need not be joined yet.
     *
     * @param db the database
     * @param owner the owner's schema
     * @param key the qualified name; the part after the last dot a field or column name
     * @return the column, qualified by the table or alias, and its field
     * @throws IllegalArgumentException when the qualifier names neither the table nor a to-one association, or the
     *     name no field
     */
    static Map.Entry<Column, Field> column(Db db, Schema owner, String key) {
        int dot = key.lastIndexOf('.');
        String qualifier = key.substring(0, dot);
        String name = key.substring(dot + 1);
        Schema schema = owner;
        String alias = owner.table();
        if (!qualifier.equals(owner.table())) {
            alias = "";
            for (String segment : qualifier.replace("__", ".").split("\\.", -1)) {
                Relation r = db.schemas().relations(schema).get(segment.toLowerCase(Locale.ROOT));
                if (r == null || r.isCollection()) {
                    throw new IllegalArgumentException("where: '" + key + "' is not a field or column of "
                            + owner.type().getName() + " nor of a to-one association: " + schema.type().getName()
                            + " has no to-one association named '" + segment + "'");
                }
                alias = alias.isEmpty() ? segment(r) : alias + "__" + segment(r);
                schema = r.target();
            }
        }
        Field f = schema.lookup(name);
        if (f == null) {
            throw new IllegalArgumentException("where: '" + key + "' is not a field or column of "
                    + schema.type().getName() + " (" + alias + ")");
        }
        return Map.entry(new Column(alias, f.column()), f);
    }

    /**
     * Adds the joins, and, when the statement has no select list, the owner's columns and every joined column,
     * labelled {@code "Alias__column"}.
     *
     * @param db the database
     * @param owner the owner's schema
     * @param s the statement
     * @param joins the joins
     * @param unscoped whether soft-deleted targets are joined too
     * @return the statement
     */
    static Statement apply(Db db, Schema owner, Statement s, List<Join> joins, boolean unscoped) {
        List<Node> nodes = resolve(db, owner, joins);
        List<Expression> clauses = new ArrayList<>();
        for (Node j : nodes) {
            Relation r = j.relation();
            String parent = j.parent() < 0 ? owner.table() : nodes.get(j.parent()).alias();
            List<Expression> on = new ArrayList<>();
            on.add(w -> {
                new Column(j.alias(), r.targetKey().column()).build(w);
                w.keyword(" = ");
                new Column(parent, r.ownerKey().column()).build(w);
            });
            if (r.polymorphicType() != null) {
                on.add(new Eq(new Column(j.alias(), r.polymorphicType().column()), r.polymorphicValue(),
                        String.class));
            }
            Field soft = r.target().softDeleteField();
            if (soft != null && !unscoped) {
                on.add(new Eq(new Column(j.alias(), soft.column()), null, soft.boxedType()));
            }
            if (j.condition() != null) {
                on.addAll(conditions(db, r.target(), j.alias(), j.condition()));
            }
            Expression condition = Junction.and(on);
            clauses.add(w -> {
                w.keyword(j.inner() ? "INNER JOIN " : "LEFT JOIN ").identifier(r.target().table()).keyword(" ")
                        .identifier(j.alias()).keyword(" ON ");
                condition.build(w);
            });
        }
        Statement out = s.with(new Joins(clauses));
        if (s.clause("SELECT") == null) {
            List<Expression> columns = new ArrayList<>();
            for (Field f : owner.fields()) {
                columns.add(new Column(owner.table(), f.column()));
            }
            for (Node j : nodes) {
                for (Field f : j.relation().target().fields()) {
                    columns.add(w -> {
                        new Column(j.alias(), f.column()).build(w);
                        w.keyword(" AS ").identifier(j.alias() + "__" + f.column());
                    });
                }
            }
            out = out.with(new Select(columns, false));
        }
        return out;
    }

    /** The condition query's conditions, its columns qualified by the alias rather than the target's table. */
    @SuppressWarnings("unchecked")
    private static List<Expression> conditions(Db db, Schema target, String alias,
            UnaryOperator<Query<Object>> condition) {
        Query<Object> q = condition.apply((Query<Object>) (Query<?>) db.model(target.type()));
        Where where = (Where) q.statementForJoin().clause("WHERE");
        List<Expression> out = new ArrayList<>();
        if (where != null) {
            for (Expression e : where.conditions()) {
                out.add(requalified(e, target.table(), alias));
            }
        }
        return out;
    }

    /** The expression with columns of {@code table} moved to {@code alias}; SQL text is left as written. */
    private static Expression requalified(Expression e, String table, String alias) {
        if (e instanceof Eq eq) {
            return new Eq(moved(eq.column(), table, alias), eq.value(), eq.type());
        }
        if (e instanceof In in) {
            return new In(moved(in.column(), table, alias), in.values(), in.type());
        }
        if (e instanceof Not not) {
            return new Not(requalified(not.condition(), table, alias));
        }
        if (e instanceof Junction j) {
            List<Expression> parts = new ArrayList<>();
            for (Expression p : j.parts()) {
                parts.add(requalified(p, table, alias));
            }
            return new Junction(j.operator(), parts);
        }
        return e;
    }

    private static Column moved(Column c, String table, String alias) {
        return table.equals(c.table()) ? new Column(alias, c.name()) : c;
    }

    /**
     * A row mapper that builds the owner and sets each joined association, null when its columns are all NULL.
     *
     * @param db the database
     * @param owner the owner's schema
     * @param joins the joins
     * @return a new mapper (it remembers the result's column layout)
     */
    static BiFunction<Row, RowMetadata, Object> mapper(Db db, Schema owner, List<Join> joins) {
        List<Node> nodes = resolve(db, owner, joins);
        BiFunction<Row, RowMetadata, Object> owners = RowMappers.entity(owner);
        int[][][] plan = new int[1][][];
        return (row, meta) -> {
            Object o = owners.apply(row, meta);
            if (plan[0] == null) {
                plan[0] = plan(nodes, meta);
            }
            Object[] made = new Object[nodes.size()];
            for (int j = 0; j < nodes.size(); j++) {
                Node node = nodes.get(j);
                Object parent = node.parent() < 0 ? o : made[node.parent()];
                if (parent == null) {
                    continue;
                }
                Schema target = node.relation().target();
                Object[] values = new Object[target.fields().size()];
                boolean any = false;
                for (Field f : target.fields()) {
                    int index = plan[0][j][f.index()];
                    if (index >= 0) {
                        try {
                            values[f.index()] = RowMappers.read(row, index, f);
                        } catch (RuntimeException e) {
                            throw RowMappers.decodeError(target, f, meta.getColumnMetadata(index), e);
                        }
                        any |= values[f.index()] != null;
                    }
                }
                made[j] = any ? target.instantiate(values) : null;
                node.relation().set(parent, made[j]);
            }
            return o;
        };
    }

    private static int[][] plan(List<Node> nodes, RowMetadata meta) {
        List<? extends ColumnMetadata> columns = meta.getColumnMetadatas();
        Map<String, Integer> byLabel = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byLabel.putIfAbsent(columns.get(i).getName().toLowerCase(Locale.ROOT), i);
        }
        int[][] plan = new int[nodes.size()][];
        for (int j = 0; j < nodes.size(); j++) {
            Schema target = nodes.get(j).relation().target();
            plan[j] = new int[target.fields().size()];
            Arrays.fill(plan[j], -1);
            for (Field f : target.fields()) {
                String label = (nodes.get(j).alias() + "__" + f.column()).toLowerCase(Locale.ROOT);
                plan[j][f.index()] = byLabel.getOrDefault(label, -1);
            }
        }
        return plan;
    }
}
