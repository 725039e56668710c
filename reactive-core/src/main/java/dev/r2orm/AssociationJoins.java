package dev.r2orm;

import dev.r2orm.clause.Column;
import dev.r2orm.clause.Eq;
import dev.r2orm.clause.Expression;
import dev.r2orm.clause.Joins;
import dev.r2orm.clause.Junction;
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
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Loads to-one associations in the same query as their owners, as GORM's {@code Joins("Company")}:
 * {@code LEFT JOIN "companies" ON "companies"."id" = "members"."company_id"}, the target's columns selected as
 * {@code "company__id"}, ..., and a row whose joined columns are all NULL gives a null association.
 */
final class AssociationJoins {

    /**
     * One association join.
     *
     * @param name the association's field name
     * @param inner whether rows without a match are dropped ({@code INNER JOIN})
     * @param condition narrows the joined rows, in the {@code ON} clause; or null
     */
    record Join(String name, boolean inner, @Nullable UnaryOperator<Query<Object>> condition) {
    }

    /** A resolved join: its association, the alias of the joined table and the prefix of its column labels. */
    private record Resolved(Relation relation, boolean inner, @Nullable UnaryOperator<Query<Object>> condition,
            String alias, String prefix) {
    }

    private AssociationJoins() {
    }

    private static List<Resolved> resolve(Db db, Schema owner, List<Join> joins) {
        List<Resolved> out = new ArrayList<>();
        for (Join j : joins) {
            Relation r = db.schemas().relation(owner, j.name());
            if (r.isCollection()) {
                throw new InvalidModelException("joins(\"" + j.name() + "\"): " + owner.type().getName() + "."
                        + r.name() + " is a " + r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " association; joins load has-one and belongs-to only, use preload");
            }
            String alias = r.target().table().equals(owner.table()) ? r.name() : r.target().table();
            out.add(new Resolved(r, j.inner(), j.condition(), alias, r.name().toLowerCase(Locale.ROOT) + "__"));
        }
        return out;
    }

    /**
     * Adds the joins, and, when the statement has no select list, the owner's columns and every joined column.
     *
     * @param db the database
     * @param owner the owner's schema
     * @param s the statement
     * @param joins the joins
     * @param unscoped whether soft-deleted targets are joined too
     * @return the statement
     */
    @SuppressWarnings("unchecked")
    static Statement apply(Db db, Schema owner, Statement s, List<Join> joins, boolean unscoped) {
        List<Resolved> resolved = resolve(db, owner, joins);
        List<Expression> clauses = new ArrayList<>();
        for (Resolved j : resolved) {
            Relation r = j.relation();
            List<Expression> on = new ArrayList<>();
            on.add(w -> {
                new Column(j.alias(), r.targetKey().column()).build(w);
                w.keyword(" = ");
                new Column(owner.table(), r.ownerKey().column()).build(w);
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
                Query<Object> q = j.condition().apply((Query<Object>) (Query<?>) db.model(r.target().type()));
                Where where = (Where) q.statementForJoin().clause("WHERE");
                if (where != null) {
                    on.addAll(where.conditions());
                }
            }
            Expression condition = Junction.and(on);
            clauses.add(w -> {
                w.keyword(j.inner() ? "INNER JOIN " : "LEFT JOIN ").identifier(r.target().table());
                if (!j.alias().equals(r.target().table())) {
                    w.keyword(" ").identifier(j.alias());
                }
                w.keyword(" ON ");
                condition.build(w);
            });
        }
        Statement out = s.with(new Joins(clauses));
        if (s.clause("SELECT") == null) {
            List<Expression> columns = new ArrayList<>();
            for (Field f : owner.fields()) {
                columns.add(new Column(owner.table(), f.column()));
            }
            for (Resolved j : resolved) {
                for (Field f : j.relation().target().fields()) {
                    columns.add(w -> {
                        new Column(j.alias(), f.column()).build(w);
                        w.keyword(" AS ").identifier(j.prefix() + f.column());
                    });
                }
            }
            out = out.with(new Select(columns, false));
        }
        return out;
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
        List<Resolved> resolved = resolve(db, owner, joins);
        BiFunction<Row, RowMetadata, Object> owners = RowMappers.entity(owner);
        int[][][] plan = new int[1][][];
        return (row, meta) -> {
            Object o = owners.apply(row, meta);
            if (plan[0] == null) {
                plan[0] = plan(resolved, meta);
            }
            for (int j = 0; j < resolved.size(); j++) {
                Schema target = resolved.get(j).relation().target();
                Object[] values = new Object[target.fields().size()];
                boolean any = false;
                for (Field f : target.fields()) {
                    int index = plan[0][j][f.index()];
                    if (index >= 0) {
                        values[f.index()] = RowMappers.read(row, index, f);
                        any |= values[f.index()] != null;
                    }
                }
                resolved.get(j).relation().set(o, any ? target.instantiate(values) : null);
            }
            return o;
        };
    }

    private static int[][] plan(List<Resolved> joins, RowMetadata meta) {
        List<? extends ColumnMetadata> columns = meta.getColumnMetadatas();
        int[][] plan = new int[joins.size()][];
        for (int j = 0; j < joins.size(); j++) {
            Schema target = joins.get(j).relation().target();
            plan[j] = new int[target.fields().size()];
            java.util.Arrays.fill(plan[j], -1);
            for (Field f : target.fields()) {
                String label = joins.get(j).prefix() + f.column();
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).getName().equalsIgnoreCase(label)) {
                        plan[j][f.index()] = i;
                    }
                }
            }
        }
        return plan;
    }
}
