package dev.r2orm.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Comment;
import dev.r2orm.annotation.Table;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.dialect.Ddl;
import dev.r2orm.dialect.Dialect;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.ConstraintDef;
import dev.r2orm.schema.IndexDef;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The migrator's DDL forms as each dialect renders them, without a database: column definitions, column changes,
 * indexes, renames, comments, constraints, locks, the canonical spellings that keep a migration idempotent, and
 * {@code CREATE TABLE} with checks, comments and options.
 */
class DdlFormsRenderTest {

    private static final Dialect POSTGRES = new PostgresDialect();
    private static final Dialect MARIADB = MySqlDialect.mariaDb();
    private static final Dialect MYSQL = MySqlDialect.mysql();
    private static final Dialect H2 = new H2Dialect();

    /** A named DDL form, so that a parameterized test's name says which statement it renders. */
    record Op(String name, Function<Ddl, @Nullable Sql> render) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Migrator migrator(Dialect dialect) {
        return RenderMigrators.of(dialect);
    }

    private static ColumnType column(String name, String type, boolean nullable, @Nullable String defaultValue,
            boolean primaryKey, boolean autoIncrement, boolean unique, String comment) {
        return new ColumnType(name, type.replaceFirst("\\(.*", ""), type, 0, 0, 0, nullable, defaultValue, primaryKey,
                autoIncrement, unique, comment);
    }

    private static IndexDef index(String name, List<IndexDef.Part> parts, boolean unique, String type, String kind,
            String where, String option, String comment) {
        return new IndexDef(name, "users", parts, unique, false, type, kind, where, option, comment);
    }

    private static IndexDef index(String name, IndexDef.Part... parts) {
        return index(name, List.of(parts), false, "", "", "", "", "");
    }

    private static String definition(Ddl ddl, ColumnType column) {
        SqlWriter w = new SqlWriter(ddl.dialect());
        ddl.columnDefinition(w, column);
        Sql sql = w.toSql();
        assertThat(sql.binds()).isEmpty();
        return sql.sql();
    }

    private static List<String> texts(List<Sql> statements) {
        statements.forEach(s -> assertThat(s.binds()).isEmpty());
        return statements.stream().map(Sql::sql).toList();
    }

    /** Four rows, one per dialect; MariaDB and MySQL 8 share one expected text. */
    private static Stream<Arguments> rows(Object op, Object postgres, Object mysqlFamily, Object h2) {
        return Stream.of(
                Arguments.of("PostgreSQL", POSTGRES, op, postgres),
                Arguments.of("MariaDB", MARIADB, op, mysqlFamily),
                Arguments.of("MySQL", MYSQL, op, mysqlFamily),
                Arguments.of("H2", H2, op, h2));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. columnDefinition

    private static final ColumnType STATE = column("state", "varchar(20)", false, "'draft'", false, false, false, "");
    private static final ColumnType EMAIL = column("email", "varchar(100)", true, null, false, false, true, "");
    private static final ColumnType UNIQUE_KEY = column("code", "varchar(100)", false, null, true, false, true, "");
    private static final ColumnType NICK = column("nick", "varchar(50)", true, null, false, false, false,
            "the user's nick");

    static Stream<Arguments> columnDefinitions() {
        return Stream.of(
                rows(STATE, "\"state\" varchar(20) NOT NULL DEFAULT 'draft'",
                        "`state` varchar(20) NOT NULL DEFAULT 'draft'",
                        "\"state\" varchar(20) NOT NULL DEFAULT 'draft'"),
                rows(EMAIL, "\"email\" varchar(100) UNIQUE", "`email` varchar(100) UNIQUE",
                        "\"email\" varchar(100) UNIQUE"),
                // a unique primary key column is not declared UNIQUE a second time
                rows(UNIQUE_KEY, "\"code\" varchar(100) NOT NULL", "`code` varchar(100) NOT NULL",
                        "\"code\" varchar(100) NOT NULL"),
                rows(NICK, "\"nick\" varchar(50)", "`nick` varchar(50) COMMENT 'the user''s nick'",
                        "\"nick\" varchar(50)"),
                Stream.of(
                        Arguments.of("PostgreSQL", POSTGRES,
                                column("id", "bigserial", false, null, true, true, false, ""), "\"id\" bigserial"),
                        Arguments.of("MariaDB", MARIADB,
                                column("id", "bigint AUTO_INCREMENT", false, null, true, true, false, ""),
                                "`id` bigint AUTO_INCREMENT"),
                        Arguments.of("MySQL", MYSQL,
                                column("id", "bigint AUTO_INCREMENT", false, null, true, true, false, ""),
                                "`id` bigint AUTO_INCREMENT"),
                        Arguments.of("H2", H2, column("id", "bigint generated by default as identity", false, null,
                                true, true, false, ""), "\"id\" bigint generated by default as identity")))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("columnDefinitions")
    void columnDefinition(String name, Dialect dialect, ColumnType column, String expected) {
        assertThat(definition(dialect.ddl(), column)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. alterColumn

    /** The catalog's column: {@code age integer NOT NULL DEFAULT 0}, commented {@code age}. */
    private static final ColumnType AGE = column("age", "integer", false, "0", false, false, false, "age");

    private static Stream<Arguments> alter(String change, ColumnType wanted, ColumnType current, List<String> postgres,
            List<String> mysqlFamily, List<String> h2) {
        return rows(change, postgres, mysqlFamily, h2).map(a -> {
            Object[] g = a.get();
            return Arguments.of(g[0], g[1], g[2], wanted, current, g[3]);
        });
    }

    static Stream<Arguments> alterColumns() {
        return Stream.of(
                alter("type only", column("age", "bigint", false, "0", false, false, false, "age"), AGE,
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" TYPE bigint USING \"age\"::bigint"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` bigint NOT NULL DEFAULT 0 COMMENT 'age'"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DATA TYPE bigint")),
                alter("NOT NULL to NULL only", column("age", "integer", true, "0", false, false, false, "age"), AGE,
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" DROP NOT NULL"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` integer DEFAULT 0 COMMENT 'age'"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" SET NULL")),
                alter("default change", column("age", "integer", false, "18", false, false, false, "age"), AGE,
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DEFAULT 18"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` integer NOT NULL DEFAULT 18 COMMENT 'age'"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DEFAULT 18")),
                alter("default removal", column("age", "integer", false, null, false, false, false, "age"), AGE,
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" DROP DEFAULT"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` integer NOT NULL COMMENT 'age'"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" DROP DEFAULT")),
                alter("comment change", column("age", "integer", false, "0", false, false, false, "age in years"),
                        AGE,
                        List.of("COMMENT ON COLUMN \"users\".\"age\" IS 'age in years'"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` integer NOT NULL DEFAULT 0"
                                + " COMMENT 'age in years'"),
                        List.of("COMMENT ON COLUMN \"users\".\"age\" IS 'age in years'")),
                alter("comment removal", column("age", "integer", false, "0", false, false, false, ""), AGE,
                        List.of("COMMENT ON COLUMN \"users\".\"age\" IS NULL"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` integer NOT NULL DEFAULT 0"),
                        List.of("COMMENT ON COLUMN \"users\".\"age\" IS NULL")),
                alter("all at once", column("age", "bigint", true, "18", false, false, false, "O'Brien's age"), AGE,
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" TYPE bigint USING \"age\"::bigint,"
                                        + "ALTER COLUMN \"age\" DROP NOT NULL,ALTER COLUMN \"age\" SET DEFAULT 18",
                                "COMMENT ON COLUMN \"users\".\"age\" IS 'O''Brien''s age'"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `age` bigint DEFAULT 18"
                                + " COMMENT 'O''Brien''s age'"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DATA TYPE bigint",
                                "ALTER TABLE \"users\" ALTER COLUMN \"age\" SET NULL",
                                "ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DEFAULT 18",
                                "COMMENT ON COLUMN \"users\".\"age\" IS 'O''Brien''s age'")),
                alter("auto-increment key widened", column("id", "bigint", false, null, true, true, false, ""),
                        column("id", "integer", false, null, true, true, false, ""),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"id\" TYPE bigint USING \"id\"::bigint"),
                        List.of("ALTER TABLE `users` MODIFY COLUMN `id` bigint AUTO_INCREMENT NOT NULL"),
                        List.of("ALTER TABLE \"users\" ALTER COLUMN \"id\" SET DATA TYPE bigint")))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("alterColumns")
    void alterColumn(String name, Dialect dialect, String change, ColumnType wanted, ColumnType current,
            List<String> expected) {
        assertThat(texts(dialect.ddl().alterColumn("users", wanted, current))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> alterColumnsWithoutChange() {
        return Stream.of(
                Arguments.of("PostgreSQL", POSTGRES, AGE, AGE),
                Arguments.of("PostgreSQL", POSTGRES,
                        column("state", "varchar(20)", true, "'draft'", false, false, false, ""),
                        column("state", "character varying(20)", true, "'draft'::character varying", false, false,
                                false, "")),
                Arguments.of("PostgreSQL", POSTGRES, column("age", "int4", false, "0", false, false, false, "age"),
                        AGE),
                Arguments.of("H2", H2, AGE, AGE),
                Arguments.of("H2", H2, column("age", "int", false, "0", false, false, false, "age"), AGE));
    }

    @ParameterizedTest(name = "{0}: {2} vs {3}")
    @MethodSource("alterColumnsWithoutChange")
    void alterColumnWritesNothingWhenNothingDiffers(String name, Dialect dialect, ColumnType wanted,
            ColumnType current) {
        assertThat(dialect.ddl().alterColumn("users", wanted, current)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. createIndex

    private static final IndexDef.Part EMAIL_PART = IndexDef.Part.of("email");

    static Stream<Arguments> createIndexes() {
        IndexDef plain = index("idx_users_email", EMAIL_PART);
        IndexDef unique = index("idx_users_email", List.of(EMAIL_PART), true, "", "", "", "", "");
        IndexDef composite = index("idx_users_name_created", IndexDef.Part.of("name"),
                new IndexDef.Part("created_at", "", true, 0));
        IndexDef hash = index("idx_users_email", List.of(EMAIL_PART), false, "hash", "", "", "", "");
        IndexDef prefix = index("idx_users_title", new IndexDef.Part("title", "", false, 10));
        IndexDef commented = index("idx_users_email", List.of(EMAIL_PART), false, "", "", "", "",
                "the user's email");
        IndexDef expression = index("idx_users_lower_email", new IndexDef.Part("", "lower(email)", false, 0));
        IndexDef fulltext = index("idx_users_bio", List.of(IndexDef.Part.of("bio")), false, "", "FULLTEXT", "", "",
                "");
        IndexDef partial = index("idx_users_live_email", List.of(EMAIL_PART), false, "", "", "deleted_at IS NULL",
                "", "");
        IndexDef concurrently = index("idx_users_email", List.of(EMAIL_PART), true, "btree", "", "", "CONCURRENTLY",
                "");
        IndexDef online = index("idx_users_email", List.of(EMAIL_PART), false, "", "", "", "ALGORITHM=INPLACE LOCK=NONE",
                "");
        return Stream.of(
                rows(plain, List.of("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")"),
                        List.of("CREATE INDEX `idx_users_email` ON `users` (`email`)"),
                        List.of("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")")),
                rows(unique, List.of("CREATE UNIQUE INDEX \"idx_users_email\" ON \"users\" (\"email\")"),
                        List.of("CREATE UNIQUE INDEX `idx_users_email` ON `users` (`email`)"),
                        List.of("CREATE UNIQUE INDEX \"idx_users_email\" ON \"users\" (\"email\")")),
                rows(composite,
                        List.of("CREATE INDEX \"idx_users_name_created\" ON \"users\" (\"name\",\"created_at\" DESC)"),
                        List.of("CREATE INDEX `idx_users_name_created` ON `users` (`name`,`created_at` DESC)"),
                        List.of("CREATE INDEX \"idx_users_name_created\" ON \"users\" (\"name\",\"created_at\" DESC)")),
                // the method is dropped on H2, written after the parts on MySQL
                rows(hash, List.of("CREATE INDEX \"idx_users_email\" ON \"users\" USING hash (\"email\")"),
                        List.of("CREATE INDEX `idx_users_email` ON `users` (`email`) USING HASH"),
                        List.of("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")")),
                // the prefix length is MySQL's only
                rows(prefix, List.of("CREATE INDEX \"idx_users_title\" ON \"users\" (\"title\")"),
                        List.of("CREATE INDEX `idx_users_title` ON `users` (`title`(10))"),
                        List.of("CREATE INDEX \"idx_users_title\" ON \"users\" (\"title\")")),
                rows(commented, List.of("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")",
                                "COMMENT ON INDEX \"idx_users_email\" IS 'the user''s email'"),
                        List.of("CREATE INDEX `idx_users_email` ON `users` (`email`) COMMENT 'the user''s email'"),
                        List.of("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")",
                                "COMMENT ON INDEX \"idx_users_email\" IS 'the user''s email'")),
                // expression parts: MariaDB and H2 have none and refuse them (see expressionIndexesAreRefusedWhereThereAreNone)
                Stream.of(
                        Arguments.of("PostgreSQL", POSTGRES, expression,
                                List.of("CREATE INDEX \"idx_users_lower_email\" ON \"users\" ((lower(email)))")),
                        Arguments.of("MySQL", MYSQL, expression,
                                List.of("CREATE INDEX `idx_users_lower_email` ON `users` ((lower(email)))")),
                        Arguments.of("MariaDB", MARIADB, fulltext,
                                List.of("CREATE FULLTEXT INDEX `idx_users_bio` ON `users` (`bio`)")),
                        Arguments.of("MySQL", MYSQL, fulltext,
                                List.of("CREATE FULLTEXT INDEX `idx_users_bio` ON `users` (`bio`)")),
                        Arguments.of("PostgreSQL", POSTGRES, partial, List.of(
                                "CREATE INDEX \"idx_users_live_email\" ON \"users\" (\"email\") WHERE deleted_at IS NULL")),
                        Arguments.of("PostgreSQL", POSTGRES, concurrently, List.of(
                                "CREATE UNIQUE INDEX CONCURRENTLY \"idx_users_email\" ON \"users\" USING btree (\"email\")")),
                        Arguments.of("MariaDB", MARIADB, online, List.of(
                                "CREATE INDEX `idx_users_email` ON `users` (`email`) ALGORITHM=INPLACE LOCK=NONE")),
                        Arguments.of("MySQL", MYSQL, online, List.of(
                                "CREATE INDEX `idx_users_email` ON `users` (`email`) ALGORITHM=INPLACE LOCK=NONE"))))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("createIndexes")
    void createIndex(String name, Dialect dialect, IndexDef index, List<String> expected) {
        assertThat(texts(dialect.ddl().createIndex(index))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> refusedIndexes() {
        IndexDef partial = index("idx_users_live_email", List.of(EMAIL_PART), false, "", "", "deleted_at IS NULL",
                "", "");
        IndexDef fulltext = index("idx_users_bio", List.of(IndexDef.Part.of("bio")), false, "", "FULLTEXT", "", "",
                "");
        return Stream.of(
                Arguments.of("MariaDB", MARIADB, partial, "partial"),
                Arguments.of("MySQL", MYSQL, partial, "partial"),
                Arguments.of("H2", H2, partial, "partial"),
                Arguments.of("PostgreSQL", POSTGRES, fulltext, "FULLTEXT"),
                Arguments.of("H2", H2, fulltext, "FULLTEXT"));
    }

    @ParameterizedTest(name = "{0}: {3} index")
    @MethodSource("refusedIndexes")
    void createIndexRefusesWhatTheDatabaseLacksNamingTheIndex(String name, Dialect dialect, IndexDef index,
            String what) {
        assertThatThrownBy(() -> dialect.ddl().createIndex(index))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageContaining(index.name())
                .hasMessageContaining(what);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. the other statements

    private static final ConstraintDef CHECK = ConstraintDef.check("chk_users_age", "users", "age >= 0");
    private static final ConstraintDef UNIQUE = new ConstraintDef("uni_users_email", "users",
            ConstraintDef.Kind.UNIQUE, List.of("email"), "", "", List.of(), "", "");
    private static final ConstraintDef FOREIGN_KEY = new ConstraintDef("fk_orders_user", "orders",
            ConstraintDef.Kind.FOREIGN_KEY, List.of("user_id"), "", "users", List.of("id"), "CASCADE", "SET NULL");

    static Stream<Arguments> statements() {
        return Stream.of(
                rows(new Op("dropIndex", d -> d.dropIndex(index("idx_users_email", EMAIL_PART))),
                        "DROP INDEX \"idx_users_email\"",
                        "DROP INDEX `idx_users_email` ON `users`",
                        "DROP INDEX \"idx_users_email\""),
                rows(new Op("renameIndex", d -> d.renameIndex("users", "idx_old", "idx_new")),
                        "ALTER INDEX \"idx_old\" RENAME TO \"idx_new\"",
                        "ALTER TABLE `users` RENAME INDEX `idx_old` TO `idx_new`",
                        "ALTER INDEX \"idx_old\" RENAME TO \"idx_new\""),
                rows(new Op("renameColumn", d -> d.renameColumn("users", "nick", "nickname")),
                        "ALTER TABLE \"users\" RENAME COLUMN \"nick\" TO \"nickname\"",
                        "ALTER TABLE `users` RENAME COLUMN `nick` TO `nickname`",
                        "ALTER TABLE \"users\" ALTER COLUMN \"nick\" RENAME TO \"nickname\""),
                rows(new Op("renameTable", d -> d.renameTable("users", "people")),
                        "ALTER TABLE \"users\" RENAME TO \"people\"",
                        "ALTER TABLE `users` RENAME TO `people`",
                        "ALTER TABLE \"users\" RENAME TO \"people\""),
                rows(new Op("tableComment", d -> d.tableComment("users", "User accounts")),
                        "COMMENT ON TABLE \"users\" IS 'User accounts'",
                        "ALTER TABLE `users` COMMENT = 'User accounts'",
                        "COMMENT ON TABLE \"users\" IS 'User accounts'"),
                rows(new Op("tableComment removed", d -> d.tableComment("users", "")),
                        "COMMENT ON TABLE \"users\" IS NULL",
                        "ALTER TABLE `users` COMMENT = ''",
                        "COMMENT ON TABLE \"users\" IS NULL"),
                rows(new Op("addConstraint check", d -> d.addConstraint(CHECK)),
                        "ALTER TABLE \"users\" ADD CONSTRAINT \"chk_users_age\" CHECK (age >= 0)",
                        "ALTER TABLE `users` ADD CONSTRAINT `chk_users_age` CHECK (age >= 0)",
                        "ALTER TABLE \"users\" ADD CONSTRAINT \"chk_users_age\" CHECK (age >= 0)"),
                rows(new Op("addConstraint unique", d -> d.addConstraint(UNIQUE)),
                        "ALTER TABLE \"users\" ADD CONSTRAINT \"uni_users_email\" UNIQUE (\"email\")",
                        "ALTER TABLE `users` ADD CONSTRAINT `uni_users_email` UNIQUE (`email`)",
                        "ALTER TABLE \"users\" ADD CONSTRAINT \"uni_users_email\" UNIQUE (\"email\")"),
                rows(new Op("addConstraint foreign key", d -> d.addConstraint(FOREIGN_KEY)),
                        "ALTER TABLE \"orders\" ADD CONSTRAINT \"fk_orders_user\" FOREIGN KEY (\"user_id\")"
                                + " REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE",
                        "ALTER TABLE `orders` ADD CONSTRAINT `fk_orders_user` FOREIGN KEY (`user_id`)"
                                + " REFERENCES `users` (`id`) ON DELETE SET NULL ON UPDATE CASCADE",
                        "ALTER TABLE \"orders\" ADD CONSTRAINT \"fk_orders_user\" FOREIGN KEY (\"user_id\")"
                                + " REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE"),
                rows(new Op("dropConstraint check", d -> d.dropConstraint(CHECK)),
                        "ALTER TABLE \"users\" DROP CONSTRAINT \"chk_users_age\"",
                        "ALTER TABLE `users` DROP CONSTRAINT `chk_users_age`",
                        "ALTER TABLE \"users\" DROP CONSTRAINT \"chk_users_age\""),
                rows(new Op("dropConstraint unique", d -> d.dropConstraint(UNIQUE)),
                        "ALTER TABLE \"users\" DROP CONSTRAINT \"uni_users_email\"",
                        "ALTER TABLE `users` DROP INDEX `uni_users_email`",
                        "ALTER TABLE \"users\" DROP CONSTRAINT \"uni_users_email\""),
                rows(new Op("dropConstraint foreign key", d -> d.dropConstraint(FOREIGN_KEY)),
                        "ALTER TABLE \"orders\" DROP CONSTRAINT \"fk_orders_user\"",
                        "ALTER TABLE `orders` DROP FOREIGN KEY `fk_orders_user`",
                        "ALTER TABLE \"orders\" DROP CONSTRAINT \"fk_orders_user\""),
                rows(new Op("tryLockSql", Ddl::tryLockSql),
                        "SELECT pg_try_advisory_lock(hashtext('r2orm.automigrate.' || current_schema()))",
                        "SELECT GET_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())), 0)",
                        null),
                rows(new Op("unlockSql", Ddl::unlockSql),
                        "SELECT pg_advisory_unlock(hashtext('r2orm.automigrate.' || current_schema()))",
                        "SELECT RELEASE_LOCK(CONCAT('r2orm.automigrate.', MD5(DATABASE())))",
                        null))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("statements")
    void statement(String name, Dialect dialect, Op op, @Nullable String expected) {
        Sql sql = op.render().apply(dialect.ddl());
        if (expected == null) {
            assertThat(sql).isNull();
        } else {
            assertThat(sql).isNotNull();
            assertThat(sql.binds()).isEmpty();
            assertThat(sql.sql()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> columnComments() {
        return Stream.of(
                Arguments.of("PostgreSQL", POSTGRES, "the user's name",
                        "COMMENT ON COLUMN \"users\".\"name\" IS 'the user''s name'"),
                Arguments.of("PostgreSQL", POSTGRES, "", "COMMENT ON COLUMN \"users\".\"name\" IS NULL"),
                Arguments.of("H2", H2, "the user's name", "COMMENT ON COLUMN \"users\".\"name\" IS 'the user''s name'"),
                Arguments.of("H2", H2, "", "COMMENT ON COLUMN \"users\".\"name\" IS NULL"));
    }

    @ParameterizedTest(name = "{0}: \"{2}\"")
    @MethodSource("columnComments")
    void columnComment(String name, Dialect dialect, String comment, String expected) {
        assertThat(dialect.ddl().columnComment("users", "name", comment).sql()).isEqualTo(expected);
    }

    static Stream<Arguments> mysqlFamily() {
        return Stream.of(Arguments.of("MariaDB", MARIADB), Arguments.of("MySQL", MYSQL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void columnCommentIsRefusedWhereCommentsAreInline(String name, Dialect dialect) {
        assertThat(dialect.ddl().commentsInline()).isTrue();
        assertThatThrownBy(() -> dialect.ddl().columnComment("users", "name", "x"))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageContaining("MODIFY COLUMN");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 5. author text with quotes and backslashes in literals

    static Stream<Arguments> escapedLiterals() {
        String text = "O'Brien's \\ notes";
        return Stream.of(
                rows(new Op("tableComment", d -> d.tableComment("users", text)),
                        "COMMENT ON TABLE \"users\" IS 'O''Brien''s \\ notes'",
                        "ALTER TABLE `users` COMMENT = 'O''Brien''s \\\\ notes'",
                        "COMMENT ON TABLE \"users\" IS 'O''Brien''s \\ notes'"),
                rows(new Op("index comment", d -> d.createIndex(index("idx_users_email", List.of(EMAIL_PART), false,
                                "", "", "", "", text)).get(d.commentsInline() ? 0 : 1)),
                        "COMMENT ON INDEX \"idx_users_email\" IS 'O''Brien''s \\ notes'",
                        "CREATE INDEX `idx_users_email` ON `users` (`email`) COMMENT 'O''Brien''s \\\\ notes'",
                        "COMMENT ON INDEX \"idx_users_email\" IS 'O''Brien''s \\ notes'"),
                rows(new Op("column comment", d -> d.alterColumn("users",
                                column("age", "integer", false, "0", false, false, false, text), AGE).get(0)),
                        "COMMENT ON COLUMN \"users\".\"age\" IS 'O''Brien''s \\ notes'",
                        "ALTER TABLE `users` MODIFY COLUMN `age` integer NOT NULL DEFAULT 0"
                                + " COMMENT 'O''Brien''s \\\\ notes'",
                        "COMMENT ON COLUMN \"users\".\"age\" IS 'O''Brien''s \\ notes'"),
                Stream.of(
                        Arguments.of("MariaDB", MARIADB, new Op("column definition", d -> {
                            SqlWriter w = new SqlWriter(d.dialect());
                            d.columnDefinition(w, column("nick", "varchar(50)", true, null, false, false, false, text));
                            return w.toSql();
                        }), "`nick` varchar(50) COMMENT 'O''Brien''s \\\\ notes'"),
                        Arguments.of("MySQL", MYSQL, new Op("column definition", d -> {
                            SqlWriter w = new SqlWriter(d.dialect());
                            d.columnDefinition(w, column("nick", "varchar(50)", true, null, false, false, false, text));
                            return w.toSql();
                        }), "`nick` varchar(50) COMMENT 'O''Brien''s \\\\ notes'")))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("escapedLiterals")
    void quotesAndBackslashesAreEscapedInLiterals(String name, Dialect dialect, Op op, String expected) {
        assertThat(statement(dialect, op)).isEqualTo(expected);
    }

    private static String statement(Dialect dialect, Op op) {
        Sql sql = op.render().apply(dialect.ddl());
        assertThat(sql).isNotNull();
        assertThat(sql.binds()).isEmpty();
        return sql.sql();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 6. canonicalType and canonicalDefault

    private static Stream<Arguments> types(String name, Dialect dialect, boolean same, String... pairs) {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.add(Arguments.of(name, dialect, pairs[i], pairs[i + 1], same));
        }
        return b.build();
    }

    private static Stream<Arguments> mysqlTypes(boolean same, String... pairs) {
        return Stream.concat(types("MariaDB", MARIADB, same, pairs), types("MySQL", MYSQL, same, pairs));
    }

    static Stream<Arguments> canonicalTypes() {
        return Stream.of(
                types("PostgreSQL", POSTGRES, true,
                        "character varying(20)", "varchar(20)",
                        "timestamp(6) with time zone", "timestamptz",
                        "timestamp with time zone", "timestamptz",
                        "timestamp(6) without time zone", "timestamp(6)",
                        "timestamp(6)", "timestamp",
                        "timestamp without time zone", "timestamp",
                        "int4", "integer",
                        "integer", "serial",
                        "bigserial", "bigint",
                        "int8", "bigint",
                        "numeric(10,2)", "decimal(10,2)",
                        "numeric(10, 2)", "decimal(10,2)",
                        "text[]", "text[]",
                        "character varying(20)[]", "varchar(20)[]",
                        "int4[]", "integer[]",
                        "VARCHAR(20)", "varchar(20)"),
                types("PostgreSQL", POSTGRES, false,
                        "varchar(20)", "varchar(30)",
                        "integer", "bigint",
                        "text[]", "text",
                        "timestamp(6) with time zone", "timestamp(6)",
                        "timestamp(3)", "timestamp",
                        "numeric(10,2)", "numeric(12,2)"),
                mysqlTypes(true,
                        "int(11)", "int",
                        "integer", "int(11)",
                        "bigint(20)", "bigint AUTO_INCREMENT",
                        "bigint(20)", "bigint",
                        "tinyint(1)", "boolean",
                        "tinyint(1)", "bool",
                        "tinyint(4)", "tinyint",
                        "decimal(10,2)", "numeric(10,2)",
                        "decimal(10, 2)", "decimal(10,2)",
                        "int(10) unsigned", "int unsigned",
                        "character varying(20)", "varchar(20)",
                        "datetime(6)", "DATETIME(6)"),
                mysqlTypes(false,
                        "datetime(6)", "datetime",
                        "varchar(20)", "varchar(30)",
                        "integer", "bigint",
                        "tinyint(4)", "boolean",
                        "int unsigned", "int",
                        "decimal(10,2)", "decimal(12,2)"),
                types("H2", H2, true,
                        "character varying(20)", "varchar(20)",
                        "character varying", "varchar",
                        "varchar", "text",
                        "numeric(10,2)", "decimal(10,2)",
                        "bigint generated by default as identity", "bigint",
                        "integer generated by default as identity", "int",
                        "timestamp(6) with time zone", "timestamp with time zone",
                        "timestamptz", "timestamp with time zone",
                        "timestamp", "timestamp(6)",
                        "int4", "integer"),
                types("H2", H2, false,
                        "varchar(20)", "varchar(30)",
                        "integer", "bigint",
                        "varchar(20)", "varchar",
                        "timestamp(6) with time zone", "timestamp(6)",
                        "numeric(10,2)", "numeric(12,2)"))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {2} vs {3} same={4}")
    @MethodSource("canonicalTypes")
    void canonicalType(String name, Dialect dialect, String a, String b, boolean same) {
        Ddl ddl = dialect.ddl();
        if (same) {
            assertThat(ddl.canonicalType(a)).isEqualTo(ddl.canonicalType(b));
        } else {
            assertThat(ddl.canonicalType(a)).isNotEqualTo(ddl.canonicalType(b));
        }
    }

    static Stream<Arguments> canonicalDefaults() {
        return Stream.of(
                Arguments.of("PostgreSQL", POSTGRES, "'draft'::character varying", "'draft'", true),
                Arguments.of("PostgreSQL", POSTGRES, "'0'::integer", "'0'", true),
                Arguments.of("PostgreSQL", POSTGRES, "now()", "CURRENT_TIMESTAMP", true),
                Arguments.of("PostgreSQL", POSTGRES, "NULL", null, true),
                Arguments.of("PostgreSQL", POSTGRES, "'draft'::character varying", "'final'", false),
                Arguments.of("MariaDB", MARIADB, "draft", "'draft'", true),
                Arguments.of("MariaDB", MARIADB, "1", "true", true),
                Arguments.of("MariaDB", MARIADB, "0", "false", true),
                Arguments.of("MariaDB", MARIADB, "now()", "CURRENT_TIMESTAMP", true),
                Arguments.of("MariaDB", MARIADB, "current_timestamp(6)", "CURRENT_TIMESTAMP", true),
                Arguments.of("MariaDB", MARIADB, "'draft'", "'final'", false),
                Arguments.of("MariaDB", MARIADB, "0.00", "0", true),
                Arguments.of("MariaDB", MARIADB, "1.50", "1.5", true),
                Arguments.of("MariaDB", MARIADB, "1.50", "15", false),
                Arguments.of("MySQL", MYSQL, "draft", "'draft'", true),
                Arguments.of("MySQL", MYSQL, "1", "true", true),
                Arguments.of("MySQL", MYSQL, "0", "false", true),
                Arguments.of("MySQL", MYSQL, "now()", "CURRENT_TIMESTAMP", true),
                Arguments.of("MySQL", MYSQL, "current_timestamp(6)", "CURRENT_TIMESTAMP", true),
                Arguments.of("MySQL", MYSQL, "1", "0", false),
                Arguments.of("H2", H2, "now()", "CURRENT_TIMESTAMP", true),
                Arguments.of("H2", H2, "'draft'", "'draft'", true),
                Arguments.of("H2", H2, "NULL", null, true),
                Arguments.of("H2", H2, "CAST(0 AS NUMERIC(1))", "0", true),
                Arguments.of("PostgreSQL", POSTGRES, "0.00", "0", true),
                Arguments.of("H2", H2, "'draft'", "'final'", false));
    }

    @ParameterizedTest(name = "{0}: {2} vs {3} same={4}")
    @MethodSource("canonicalDefaults")
    void canonicalDefault(String name, Dialect dialect, String a, @Nullable String b, boolean same) {
        Ddl ddl = dialect.ddl();
        if (same) {
            assertThat(ddl.canonicalDefault(a)).isEqualTo(ddl.canonicalDefault(b));
        } else {
            assertThat(ddl.canonicalDefault(a)).isNotEqualTo(ddl.canonicalDefault(b));
        }
    }

    @ParameterizedTest(name = "{0} same={1}")
    @CsvSource(delimiter = '|', value = {
        "\"balance\" >= CAST(0 AS NUMERIC(1))|true",
        "(balance >= (0)::numeric)|true",
        "`balance` >= 0|true",
        "balance > 0|false",
        "\"balance\" >= CAST(1 AS NUMERIC(1))|false"})
    void aCheckIsFoundByItsExpressionAsEachDatabaseSpellsIt(String catalog, boolean same) {
        ConstraintDef wanted = new ConstraintDef("chk_accounts_balance", "accounts",
                ConstraintDef.Kind.CHECK, List.of("balance"), "balance >= 0", "", List.of(), "", "");
        ConstraintDef found = new ConstraintDef("accounts_balance_check",
                "accounts", ConstraintDef.Kind.CHECK, List.of(), catalog, "", List.of(), "", "");
        assertThat(wanted.sameDefinition(found)).isEqualTo(same);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 7. Migrator.createTableSql with checks, comments, options and an unmigrated field

    @Comment("Items for O'Brien's shop")
    @Check("price > cost")
    @Check(name = "chk_items_name_len", value = "char_length(name) > 0")
    static class Item {
        Long id;
        String name;
        @Check("price >= 0") int price;
        int cost;
        @Comment("the item's SKU") @Column(size = 20) String sku;
        @Column(migrate = false) String legacy;
    }

    @Table(options = "ENGINE=InnoDB")
    @Comment("Stock levels")
    static class Stock {
        Long id;
        int quantity;
    }

    static Stream<Arguments> createTables() {
        String checks = "CONSTRAINT %1$schk_items_price%1$s CHECK (price >= 0),"
                + "CONSTRAINT %1$schk_items_1%1$s CHECK (price > cost),"
                + "CONSTRAINT %1$schk_items_name_len%1$s CHECK (char_length(name) > 0))";
        String mysqlItems = "CREATE TABLE IF NOT EXISTS `items` (`id` bigint AUTO_INCREMENT,`name` longtext,"
                + "`price` int NOT NULL,`cost` int NOT NULL,`sku` varchar(20) COMMENT 'the item''s SKU',"
                + "PRIMARY KEY (`id`)," + String.format(checks, "`") + " COMMENT='Items for O''Brien''s shop'";
        String mysqlStocks = "CREATE TABLE IF NOT EXISTS `stocks` (`id` bigint AUTO_INCREMENT,"
                + "`quantity` int NOT NULL,PRIMARY KEY (`id`)) ENGINE=InnoDB COMMENT='Stock levels'";
        return Stream.of(
                Arguments.of("PostgreSQL", POSTGRES, Item.class, "CREATE TABLE IF NOT EXISTS \"items\" ("
                        + "\"id\" bigserial,\"name\" text,\"price\" integer NOT NULL,\"cost\" integer NOT NULL,"
                        + "\"sku\" varchar(20),PRIMARY KEY (\"id\")," + String.format(checks, "\"")),
                Arguments.of("MariaDB", MARIADB, Item.class, mysqlItems),
                Arguments.of("MySQL", MYSQL, Item.class, mysqlItems),
                Arguments.of("H2", H2, Item.class, "CREATE TABLE IF NOT EXISTS \"items\" ("
                        + "\"id\" bigint generated by default as identity,\"name\" varchar,\"price\" integer NOT NULL,"
                        + "\"cost\" integer NOT NULL,\"sku\" varchar(20),PRIMARY KEY (\"id\"),"
                        + String.format(checks, "\"")),
                Arguments.of("MariaDB", MARIADB, Stock.class, mysqlStocks),
                Arguments.of("MySQL", MYSQL, Stock.class, mysqlStocks));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("createTables")
    void createTableSql(String name, Dialect dialect, Class<?> model, String expected) {
        Sql sql = migrator(dialect).createTableSql(model);
        assertThat(sql.binds()).isEmpty();
        assertThat(sql.sql()).isEqualTo(expected).doesNotContain("legacy");
    }

    @org.junit.jupiter.api.Test
    void expressionIndexesAreRefusedWhereThereAreNone() {
        IndexDef expression = new IndexDef("idx_users_lower_email", "users",
                List.of(new IndexDef.Part("", "lower(email)", false, 0)), false, false, "", "", "", "", "");
        for (Dialect d : List.of(MARIADB, H2)) {
            assertThatThrownBy(() -> d.ddl().createIndex(expression)).isInstanceOf(UnsupportedByDialectException.class)
                    .hasMessageContaining("idx_users_lower_email").hasMessageContaining("expression indexes");
        }
    }

    @org.junit.jupiter.api.Test
    void optionsOtherDatabasesLackAreDroppedAndAPrimaryKeyIsDroppedByItsKind() {
        IndexDef concurrently = new IndexDef("idx_users_email", "users", List.of(IndexDef.Part.of("email")), false,
                false, "", "", "", "CONCURRENTLY", "");
        assertThat(H2.ddl().createIndex(concurrently).get(0).sql())
                .isEqualTo("CREATE INDEX \"idx_users_email\" ON \"users\" (\"email\")");
        assertThat(MARIADB.ddl().createIndex(concurrently).get(0).sql())
                .isEqualTo("CREATE INDEX `idx_users_email` ON `users` (`email`)");
        ConstraintDef pk = new ConstraintDef("PRIMARY", "users", ConstraintDef.Kind.PRIMARY_KEY, List.of("id"), "", "",
                List.of(), "", "");
        assertThat(MYSQL.ddl().dropConstraint(pk).sql()).isEqualTo("ALTER TABLE `users` DROP PRIMARY KEY");
    }

    @org.junit.jupiter.api.Test
    void aColumnThatDoesNotDifferIsNotModified() {
        ColumnType wanted = new ColumnType("age", "", "int", 0, 0, 0, false, "0", false, false, false, "");
        ColumnType mysql = new ColumnType("age", "int", "int(11)", 0, 0, 0, false, "0", false, false, false, "");
        ColumnType standard = new ColumnType("age", "integer", "integer", 0, 0, 0, false, "0", false, false, false,
                "");
        assertThat(MARIADB.ddl().alterColumn("users", wanted, mysql)).isEmpty();
        assertThat(MYSQL.ddl().alterColumn("users", wanted, mysql)).isEmpty();
        assertThat(POSTGRES.ddl().alterColumn("users", wanted, standard)).isEmpty();
        assertThat(H2.ddl().alterColumn("users", wanted, standard)).isEmpty();
        for (Dialect d : List.of(POSTGRES, H2)) {
            assertThat(d.ddl().canonicalDefault("current_timestamp(6)"))
                    .isEqualTo(d.ddl().canonicalDefault("CURRENT_TIMESTAMP")).isEqualTo(d.ddl().canonicalDefault("now()"));
        }
    }
}
