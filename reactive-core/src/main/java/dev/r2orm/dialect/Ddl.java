package dev.r2orm.dialect;

import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The DDL forms that differ between databases, for the migrator: column definitions, column changes, comments,
 * indexes, constraints, renames, and the lock that keeps two migrators apart. The defaults are standard SQL as
 * PostgreSQL writes it; a dialect overrides what it spells differently and says how its catalog's types and defaults
 * compare with a model's ({@link #canonicalType}, {@link #canonicalDefault}).
 *
 * <p>Every text written here is either an identifier (quoted by the dialect) or DDL written by a model's author
 * (types, defaults, check expressions, index predicates); comments are written as string literals, quotes escaped.
 */
public interface Ddl {

    /** @return the dialect whose quoting and literals the statements use */
    Dialect dialect();

    /**
     * A column type reduced so that a model's DDL type and the catalog's spelling of the same type compare equal:
     * lower case, aliases replaced ({@code int4} and {@code integer}, {@code character varying} and
     * {@code varchar}), defaults written out ({@code timestamp} as {@code timestamp(6)}), display widths dropped.
     *
     * @param type a type as a model declares it or as the catalog reports it
     * @return the canonical text
     */
    String canonicalType(String type);

    /**
     * A default expression reduced so that a model's text and the catalog's report compare equal: casts, parentheses,
     * spaces and case removed ({@code 'draft'::character varying} and {@code 'draft'}).
     *
     * @param expression the default, or null for none
     * @return the canonical text, empty for none
     */
    default String canonicalDefault(@Nullable String expression) {
        if (expression == null || expression.equalsIgnoreCase("null")) {
            return "";
        }
        return number(IndexDef.normalizeSql(expression)
                .replaceFirst("^(now|current_timestamp)\\d*$", "current_timestamp"));
    }

    /**
     * A numeric literal in its shortest form ({@code 0.00} as {@code 0}, {@code 1.50} as {@code 1.5}), so that a
     * database that writes a decimal column's default at the column's scale compares equal; other text unchanged.
     *
     * @param literal a reduced default
     * @return the same number without trailing zeros, or the text as it was
     */
    static String number(String literal) {
        if (!literal.matches("-?\\d+(\\.\\d+)?")) {
            return literal;
        }
        return new java.math.BigDecimal(literal).stripTrailingZeros().toPlainString();
    }

    /**
     * The type to write for a type a model declares with {@code @Column(type)}: the same text by default; PostgreSQL
     * turns MySQL's {@code longtext} into {@code text}, so that one model serves every database.
     *
     * @param type the declared type
     * @return the type to write
     */
    default String declaredType(String type) {
        return type;
    }

    /**
     * The index this database builds for a declared one: what the catalog will report, to compare with. By default
     * the prefix lengths are dropped (only MySQL keeps them).
     *
     * @param index the declared index
     * @return the index as built
     */
    default IndexDef effectiveIndex(IndexDef index) {
        if (supportsPrefixIndexes() || index.parts().stream().allMatch(p -> p.length() == 0)) {
            return index;
        }
        return new IndexDef(index.name(), index.table(), index.parts().stream()
                .map(p -> new IndexDef.Part(p.column(), p.expression(), p.descending(), 0)).toList(),
                index.unique(), index.primary(), index.type(), index.kind(), index.where(), index.option(),
                index.comment());
    }

    /**
     * Whether the catalog's column has the model's type, size and precision.
     *
     * @param wanted the model's column ({@link ColumnType#columnType()} is its DDL type)
     * @param actual the catalog's column
     * @return {@code true} when no type change is needed
     */
    default boolean sameType(ColumnType wanted, ColumnType actual) {
        return canonicalType(wanted.columnType()).equals(canonicalType(actual.columnType()));
    }

    /**
     * Writes a column's definition as {@code CREATE TABLE} and {@code ADD COLUMN} take it:
     * {@code "name" type [NOT NULL] [DEFAULT x] [UNIQUE]}, and on MySQL {@code COMMENT '...'}.
     *
     * @param w the statement being written
     * @param column the column; its {@code columnType} is the full DDL type (with what makes it generate values)
     */
    default void columnDefinition(SqlWriter w, ColumnType column) {
        w.identifier(column.name()).keyword(" ").keyword(column.columnType());
        if (!column.nullable() && !column.autoIncrement()) {
            w.keyword(" NOT NULL");
        }
        if (column.defaultValue() != null) {
            w.keyword(" DEFAULT ").keyword(column.defaultValue());
        }
        if (column.unique() && !column.primaryKey()) {
            w.keyword(" UNIQUE");
        }
        if (commentsInline() && !column.comment().isEmpty()) {
            w.keyword(" COMMENT ").keyword(literal(column.comment()));
        }
    }

    /**
     * Whether column and table comments are part of their definitions (MySQL) rather than statements of their own
     * ({@code COMMENT ON ...}).
     *
     * @return {@code false} by default
     */
    default boolean commentsInline() {
        return false;
    }

    /**
     * Writes what follows the column list of {@code CREATE TABLE}: the author's table options, and on MySQL the table
     * comment.
     *
     * @param w the statement being written, after its closing parenthesis
     * @param options the table options, or empty
     * @param comment the table comment, or empty
     */
    default void tableSuffix(SqlWriter w, String options, String comment) {
        if (!options.isEmpty()) {
            w.keyword(" ").keyword(options);
        }
        if (commentsInline() && !comment.isEmpty()) {
            w.keyword(" COMMENT=").keyword(literal(comment));
        }
    }

    /**
     * The statement that sets a table's comment: {@code COMMENT ON TABLE "t" IS '...'}.
     *
     * @param table the table
     * @param comment the comment, empty to remove it
     * @return the statement
     */
    default Sql tableComment(String table, String comment) {
        SqlWriter w = new SqlWriter(dialect());
        return w.keyword("COMMENT ON TABLE ").identifier(table).keyword(" IS ")
                .keyword(comment.isEmpty() ? "NULL" : literal(comment)).toSql();
    }

    /**
     * The statement that sets a column's comment, where comments are statements of their own:
     * {@code COMMENT ON COLUMN "t"."c" IS '...'}.
     *
     * @param table the table
     * @param column the column
     * @param comment the comment, empty to remove it
     * @return the statement
     */
    default Sql columnComment(String table, String column, String comment) {
        SqlWriter w = new SqlWriter(dialect());
        return w.keyword("COMMENT ON COLUMN ").identifier(table).keyword(".").identifier(column).keyword(" IS ")
                .keyword(comment.isEmpty() ? "NULL" : literal(comment)).toSql();
    }

    /**
     * The statements that change a column from its current definition to the wanted one: type, nullability, default
     * and comment, whichever differ. By default one {@code ALTER TABLE} with an action per change
     * ({@code ALTER COLUMN "c" TYPE bigint USING "c"::bigint, ALTER COLUMN "c" DROP NOT NULL}), then
     * {@code COMMENT ON COLUMN}.
     *
     * @param table the table
     * @param wanted the column as the model wants it
     * @param current the column as the catalog has it, with the same name
     * @return the statements, empty when nothing differs
     */
    default List<Sql> alterColumn(String table, ColumnType wanted, ColumnType current) {
        SqlWriter w = new SqlWriter(dialect());
        w.keyword("ALTER TABLE ").identifier(table).keyword(" ");
        String sep = "";
        if (!sameType(wanted, current)) {
            w.keyword("ALTER COLUMN ").identifier(wanted.name()).keyword(" TYPE ").keyword(wanted.columnType())
                    .keyword(" USING ").identifier(wanted.name()).keyword("::").keyword(wanted.columnType());
            sep = ",";
        }
        if (wanted.nullable() != current.nullable()) {
            w.keyword(sep).keyword("ALTER COLUMN ").identifier(wanted.name())
                    .keyword(wanted.nullable() ? " DROP NOT NULL" : " SET NOT NULL");
            sep = ",";
        }
        if (!canonicalDefault(wanted.defaultValue()).equals(canonicalDefault(current.defaultValue()))) {
            w.keyword(sep).keyword("ALTER COLUMN ").identifier(wanted.name());
            if (wanted.defaultValue() == null) {
                w.keyword(" DROP DEFAULT");
            } else {
                w.keyword(" SET DEFAULT ").keyword(wanted.defaultValue());
            }
            sep = ",";
        }
        List<Sql> out = new ArrayList<>();
        if (!sep.isEmpty()) {
            out.add(w.toSql());
        }
        if (!wanted.comment().equals(current.comment())) {
            out.add(columnComment(table, wanted.name(), wanted.comment()));
        }
        return out;
    }

    /**
     * The statement that renames a column: {@code ALTER TABLE "t" RENAME COLUMN "a" TO "b"}.
     *
     * @param table the table
     * @param from the current name
     * @param to the new name
     * @return the statement
     */
    default Sql renameColumn(String table, String from, String to) {
        return new SqlWriter(dialect()).keyword("ALTER TABLE ").identifier(table).keyword(" RENAME COLUMN ")
                .identifier(from).keyword(" TO ").identifier(to).toSql();
    }

    /**
     * The statement that renames a table: {@code ALTER TABLE "a" RENAME TO "b"}.
     *
     * @param from the current name
     * @param to the new name
     * @return the statement
     */
    default Sql renameTable(String from, String to) {
        return new SqlWriter(dialect()).keyword("ALTER TABLE ").identifier(from).keyword(" RENAME TO ")
                .identifier(to).toSql();
    }

    /**
     * The statements that create an index: {@code CREATE [UNIQUE] INDEX [option] "name" ON "t" [USING m]
     * ("a","b" DESC) [WHERE ...]}, then {@code COMMENT ON INDEX} where it has a comment.
     *
     * @param index the index
     * @return the statements
     * @throws UnsupportedByDialectException for an index class ({@code FULLTEXT}) or a form the database lacks
     */
    default List<Sql> createIndex(IndexDef index) {
        if (!index.kind().isEmpty()) {
            throw new UnsupportedByDialectException(dialect().name() + " has no " + index.kind() + " indexes (index "
                    + index.name() + " on " + index.table() + "); they exist on MySQL and MariaDB");
        }
        SqlWriter w = new SqlWriter(dialect());
        w.keyword(index.unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
        if (!index.option().isEmpty()) {
            w.keyword(index.option()).keyword(" ");
        }
        w.identifier(index.name()).keyword(" ON ").identifier(index.table());
        if (!index.type().isEmpty()) {
            w.keyword(" USING ").keyword(index.type());
        }
        indexParts(w, index);
        if (!index.where().isEmpty()) {
            w.keyword(" WHERE ").keyword(index.where());
        }
        List<Sql> out = new ArrayList<>();
        out.add(w.toSql());
        if (!index.comment().isEmpty()) {
            out.add(new SqlWriter(dialect()).keyword("COMMENT ON INDEX ").identifier(index.name()).keyword(" IS ")
                    .keyword(literal(index.comment())).toSql());
        }
        return out;
    }

    /**
     * Writes the parenthesised parts of an index: {@code ("a","b" DESC,(lower(email)))}.
     *
     * @param w the statement being written
     * @param index the index
     */
    default void indexParts(SqlWriter w, IndexDef index) {
        w.keyword(" (");
        for (int i = 0; i < index.parts().size(); i++) {
            IndexDef.Part p = index.parts().get(i);
            w.keyword(i == 0 ? "" : ",");
            if (p.expression().isEmpty()) {
                w.identifier(p.column());
            } else {
                w.keyword("(").keyword(p.expression()).keyword(")");
            }
            if (p.length() > 0 && supportsPrefixIndexes()) {
                w.keyword("(").keyword(Integer.toString(p.length())).keyword(")");
            }
            if (p.descending()) {
                w.keyword(" DESC");
            }
        }
        w.keyword(")");
    }

    /**
     * Whether an index may cover a prefix of a column ({@code "title"(10)}): MySQL and MariaDB.
     *
     * @return {@code false} by default: the length is ignored
     */
    default boolean supportsPrefixIndexes() {
        return false;
    }

    /**
     * The statement that drops an index: {@code DROP INDEX "name"}.
     *
     * @param index the index (its table is needed on MySQL)
     * @return the statement
     */
    default Sql dropIndex(IndexDef index) {
        return new SqlWriter(dialect()).keyword("DROP INDEX ").identifier(index.name()).toSql();
    }

    /**
     * The statement that renames an index: {@code ALTER INDEX "a" RENAME TO "b"}.
     *
     * @param table the index's table
     * @param from the current name
     * @param to the new name
     * @return the statement
     */
    default Sql renameIndex(String table, String from, String to) {
        return new SqlWriter(dialect()).keyword("ALTER INDEX ").identifier(from).keyword(" RENAME TO ")
                .identifier(to).toSql();
    }

    /**
     * Writes a constraint as a table element or after {@code ADD}: {@code CONSTRAINT "n" CHECK (...)},
     * {@code CONSTRAINT "n" UNIQUE ("a")}, {@code CONSTRAINT "n" FOREIGN KEY ("a") REFERENCES "t" ("id") ON DELETE
     * CASCADE}.
     *
     * @param w the statement being written
     * @param constraint the constraint
     */
    default void constraintDefinition(SqlWriter w, ConstraintDef constraint) {
        w.keyword("CONSTRAINT ").identifier(constraint.name());
        switch (constraint.kind()) {
            case CHECK:
                w.keyword(" CHECK (").keyword(constraint.definition()).keyword(")");
                break;
            case UNIQUE:
                w.keyword(" UNIQUE");
                identifiers(w, constraint.columns());
                break;
            case PRIMARY_KEY:
                w.keyword(" PRIMARY KEY");
                identifiers(w, constraint.columns());
                break;
            default:
                w.keyword(" FOREIGN KEY");
                identifiers(w, constraint.columns());
                w.keyword(" REFERENCES ").identifier(constraint.refTable());
                identifiers(w, constraint.refColumns());
                if (!constraint.onDelete().isEmpty()) {
                    w.keyword(" ON DELETE ").keyword(constraint.onDelete());
                }
                if (!constraint.onUpdate().isEmpty()) {
                    w.keyword(" ON UPDATE ").keyword(constraint.onUpdate());
                }
        }
    }

    /**
     * The statement that adds a constraint: {@code ALTER TABLE "t" ADD CONSTRAINT ...}.
     *
     * @param constraint the constraint
     * @return the statement
     */
    default Sql addConstraint(ConstraintDef constraint) {
        SqlWriter w = new SqlWriter(dialect()).keyword("ALTER TABLE ").identifier(constraint.table()).keyword(" ADD ");
        constraintDefinition(w, constraint);
        return w.toSql();
    }

    /**
     * The statement that drops a constraint: {@code ALTER TABLE "t" DROP CONSTRAINT "n"}.
     *
     * @param constraint the constraint (its kind matters on MySQL)
     * @return the statement
     */
    default Sql dropConstraint(ConstraintDef constraint) {
        return new SqlWriter(dialect()).keyword("ALTER TABLE ").identifier(constraint.table())
                .keyword(" DROP CONSTRAINT ").identifier(constraint.name()).toSql();
    }

    /**
     * A query that tries once, without waiting, to take the lock that keeps migrators of this schema apart, and
     * returns one row whose first column is true or 1 when it was taken. The lock belongs to the connection (a
     * session lock), so the migration runs on that connection and {@link #unlockSql()} frees it. PostgreSQL:
     * {@code SELECT pg_try_advisory_lock(hashtext('r2orm.automigrate.' || current_schema()))}.
     *
     * @return the query, or null when the database has no session lock (then the migrator uses a lock table)
     */
    default @Nullable Sql tryLockSql() {
        return null;
    }

    /**
     * The statement that frees the lock {@link #tryLockSql()} took.
     *
     * @return the statement, or null when there is no session lock
     */
    default @Nullable Sql unlockSql() {
        return null;
    }

    /**
     * Writes a string as a literal of this dialect, quotes escaped.
     *
     * @param text the text
     * @return the literal
     */
    default String literal(String text) {
        StringBuilder sb = new StringBuilder();
        dialect().literal(sb, text);
        return sb.toString();
    }

    /**
     * The arguments of a type, {@code varchar(20)} gives {@code 20}; empty when it has none.
     *
     * @param type a type
     * @return the text between the first parentheses, or empty
     */
    static String arguments(String type) {
        int open = type.indexOf('(');
        int close = type.indexOf(')', open + 1);
        return open < 0 || close < 0 ? "" : type.substring(open + 1, close).replace(" ", "");
    }

    /**
     * A type in lower case with single spaces, none inside its parentheses: {@code timestamp(6) with time zone}.
     *
     * @param type a type
     * @return the tidied text
     */
    static String tidy(String type) {
        return type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll(" ?([(,]) ?", "$1")
                .replace(" )", ")");
    }

    private static void identifiers(SqlWriter w, List<String> names) {
        w.keyword(" (");
        for (int i = 0; i < names.size(); i++) {
            w.keyword(i == 0 ? "" : ",").identifier(names.get(i));
        }
        w.keyword(")");
    }

    /**
     * Whether enum types are schema objects of their own ({@code CREATE TYPE ... AS ENUM}, PostgreSQL), which the
     * migrator creates before the tables that use them; elsewhere an enum is a column type.
     *
     * @return {@code false} by default
     */
    default boolean hasEnumTypes() {
        return false;
    }

    /**
     * {@code CREATE TYPE "name" AS ENUM ('a', 'b')}.
     *
     * @param name the type name, as the column type names it
     * @param labels the labels in order
     * @return the statement
     * @throws UnsupportedByDialectException by default
     */
    default Sql createEnumType(String name, List<String> labels) {
        throw new UnsupportedByDialectException("this database has no enum types of its own");
    }

    /**
     * {@code DROP TYPE "name"}: what undoes {@link #createEnumType}.
     *
     * @param name the type name
     * @return the statement
     * @throws UnsupportedByDialectException by default
     */
    default Sql dropEnumType(String name) {
        throw new UnsupportedByDialectException("this database has no enum types of its own");
    }

    /**
     * Adds a label to an enum type after an existing one ({@code ALTER TYPE ... ADD VALUE 'c' AFTER 'b'}), or last.
     *
     * @param name the type name
     * @param label the new label
     * @param after the label it follows, or null to put it last
     * @return the statement
     * @throws UnsupportedByDialectException by default
     */
    default Sql addEnumLabel(String name, String label, @Nullable String after) {
        throw new UnsupportedByDialectException("this database has no enum types of its own");
    }

    /**
     * An SQL string literal of a label written in code ({@code 'PG-13'}, quotes doubled), for DDL, which takes no
     * bind values.
     *
     * @param text the text
     * @return the literal
     */
    static String stringLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
