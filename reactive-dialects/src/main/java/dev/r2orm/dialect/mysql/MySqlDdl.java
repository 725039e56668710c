package dev.r2orm.dialect.mysql;

import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.AbstractDdl;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * MySQL's and MariaDB's DDL: comments inside definitions, {@code MODIFY COLUMN}, index classes and prefix lengths,
 * {@code GET_LOCK}, and their catalog's type spellings ({@code int(11)}, {@code tinyint(1)}).
 */
final class MySqlDdl extends AbstractDdl {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("integer", "int"), Map.entry("bool", "tinyint(1)"), Map.entry("boolean", "tinyint(1)"),
            Map.entry("numeric", "decimal"), Map.entry("double precision", "double"), Map.entry("real", "double"),
            Map.entry("character varying", "varchar"), Map.entry("character", "char"),
            Map.entry("dec", "decimal"), Map.entry("fixed", "decimal"));

    private static final java.util.regex.Pattern INTEGER_WIDTH =
            java.util.regex.Pattern.compile("^(tinyint|smallint|mediumint|int|bigint)\\(\\d+\\)");

    MySqlDdl(Dialect dialect) {
        super(dialect);
    }

    @Override
    public String canonicalType(String type) {
        String t = Ddl.tidy(type).replace(" auto_increment", "");
        if (t.equals("tinyint(1)")) {
            return "tinyint(1)";
        }
        t = INTEGER_WIDTH.matcher(t).replaceFirst("$1");
        String args = Ddl.arguments(t);
        String name = t.replaceFirst("\\([^)]*\\)", "");
        String suffix = "";
        int space = name.indexOf(" unsigned");
        if (space > 0) {
            suffix = name.substring(space);
            name = name.substring(0, space);
        }
        name = ALIASES.getOrDefault(name.trim(), name.trim());
        if (name.equals("tinyint(1)")) {
            return name;
        }
        if (name.equals("json")) {
            name = "longtext"; // MariaDB's json is longtext with a check, and the MySQL dialect may talk to MariaDB
        }
        if (name.equals("decimal") && args.isEmpty()) {
            args = "10,0";
        }
        if ((name.equals("datetime") || name.equals("time") || name.equals("timestamp")) && args.equals("0")) {
            args = "";
        }
        if (name.equals("char") && args.isEmpty()) {
            args = "1";
        }
        return (args.isEmpty() ? name : name + "(" + args + ")") + suffix;
    }

    /** {@inheritDoc} Quotes are removed too: MySQL 8 reports a text default without them, MariaDB with them. */
    @Override
    public String canonicalDefault(@Nullable String expression) {
        String e = super.canonicalDefault(expression).replace("'", "");
        return switch (e) {
            case "true" -> "1";
            case "false" -> "0";
            case "current_timestamp6" -> "current_timestamp";
            default -> Ddl.number(e);
        };
    }

    /** {@inheritDoc} InnoDB builds a {@code HASH} index as a B-tree, and the catalog says so. */
    @Override
    public IndexDef effectiveIndex(IndexDef index) {
        return !index.type().equalsIgnoreCase("hash") ? index : new IndexDef(index.name(), index.table(),
                index.parts(), index.unique(), index.primary(), "", index.kind(), index.where(), index.option(),
                index.comment());
    }

    @Override
    public boolean commentsInline() {
        return true;
    }

    @Override
    public boolean supportsPrefixIndexes() {
        return true;
    }

    @Override
    public Sql tableComment(String table, String comment) {
        return new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(table).keyword(" COMMENT = ")
                .keyword(literal(comment)).toSql();
    }

    /** {@inheritDoc} Here a column's comment is part of its definition: change it with {@link #alterColumn}. */
    @Override
    public Sql columnComment(String table, String column, String comment) {
        throw new UnsupportedByDialectException(dialect.name() + " keeps a column's comment in its definition;"
                + " change it with MODIFY COLUMN");
    }

    /**
     * {@code ALTER TABLE `t` MODIFY COLUMN `c` type [NOT NULL] [DEFAULT x] [COMMENT '...']}: the whole definition;
     * nothing when nothing differs.
     */
    @Override
    public List<Sql> alterColumn(String table, ColumnType wanted, ColumnType current) {
        if (sameType(wanted, current) && wanted.nullable() == current.nullable()
                && canonicalDefault(wanted.defaultValue()).equals(canonicalDefault(current.defaultValue()))
                && wanted.comment().equals(current.comment())) {
            return List.of();
        }
        ColumnType definition = new ColumnType(wanted.name(), wanted.databaseType(),
                wanted.autoIncrement() ? wanted.columnType() + " AUTO_INCREMENT" : wanted.columnType(),
                wanted.length(), wanted.precision(), wanted.scale(), wanted.nullable(), wanted.defaultValue(),
                wanted.primaryKey(), false, false, wanted.comment());
        SqlWriter w = new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(table).keyword(" MODIFY COLUMN ");
        columnDefinition(w, definition);
        return List.of(w.toSql());
    }

    /**
     * {@code CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX `n` ON `t` (`a`(10),`b` DESC) [USING BTREE] [COMMENT '...']
     * [option]}; partial indexes do not exist here.
     */
    @Override
    public List<Sql> createIndex(IndexDef index) {
        if (!index.where().isEmpty()) {
            throw new UnsupportedByDialectException(dialect.name() + " has no partial indexes (index " + index.name()
                    + " on " + index.table() + " WHERE " + index.where() + "); they exist on PostgreSQL");
        }
        if (dialect.name().equals("MariaDB") && index.parts().stream().anyMatch(p -> !p.expression().isEmpty())) {
            throw new UnsupportedByDialectException("MariaDB has no expression indexes (index " + index.name()
                    + " on " + index.table() + "); index a generated column instead");
        }
        SqlWriter w = new SqlWriter(dialect).keyword("CREATE ");
        if (index.unique()) {
            w.keyword("UNIQUE ");
        } else if (!index.kind().isEmpty()) {
            w.keyword(index.kind().toUpperCase(java.util.Locale.ROOT)).keyword(" ");
        }
        w.keyword("INDEX ").identifier(index.name()).keyword(" ON ").identifier(index.table());
        indexParts(w, index);
        if (!index.type().isEmpty()) {
            w.keyword(" USING ").keyword(index.type().toUpperCase(java.util.Locale.ROOT));
        }
        if (!index.comment().isEmpty()) {
            w.keyword(" COMMENT ").keyword(literal(index.comment()));
        }
        if (!index.option().isEmpty() && !index.option().equalsIgnoreCase("CONCURRENTLY")) {
            w.keyword(" ").keyword(index.option());
        }
        List<Sql> out = new ArrayList<>();
        out.add(w.toSql());
        return out;
    }

    @Override
    public Sql dropIndex(IndexDef index) {
        return new SqlWriter(dialect).keyword("DROP INDEX ").identifier(index.name()).keyword(" ON ")
                .identifier(index.table()).toSql();
    }

    @Override
    public Sql renameIndex(String table, String from, String to) {
        return new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(table).keyword(" RENAME INDEX ")
                .identifier(from).keyword(" TO ").identifier(to).toSql();
    }

    /**
     * {@code DROP FOREIGN KEY} for a foreign key, {@code DROP INDEX} for a unique constraint, {@code DROP PRIMARY KEY},
     * else {@code DROP CONSTRAINT}.
     */
    @Override
    public Sql dropConstraint(ConstraintDef constraint) {
        String what = switch (constraint.kind()) {
            case FOREIGN_KEY -> " DROP FOREIGN KEY ";
            case UNIQUE -> " DROP INDEX ";
            case PRIMARY_KEY -> " DROP PRIMARY KEY";
            default -> " DROP CONSTRAINT ";
        };
        SqlWriter w = new SqlWriter(dialect).keyword("ALTER TABLE ").identifier(constraint.table()).keyword(what);
        return constraint.kind() == ConstraintDef.Kind.PRIMARY_KEY ? w.toSql() : w.identifier(constraint.name()).toSql();
    }

    @Override
    public Sql tryLockSql() {
        return Sql.of("SELECT GET_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())), 0)");
    }

    @Override
    public Sql unlockSql() {
        return Sql.of("SELECT RELEASE_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())))");
    }
}
