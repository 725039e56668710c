package dev.r2orm.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Statement;
import dev.r2orm.UnsupportedByDialectException;
import dev.r2orm.clause.Column;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Insert;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Returning;
import dev.r2orm.clause.Sql;
import dev.r2orm.clause.SqlWriter;
import dev.r2orm.clause.Values;
import dev.r2orm.dialect.h2.H2Dialect;
import dev.r2orm.dialect.mysql.MySqlDialect;
import dev.r2orm.dialect.postgres.PostgresDialect;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpsertRenderTest {

    private static final Dialect PG = new PostgresDialect();
    private static final Dialect MYSQL = MySqlDialect.mysql();
    private static final Dialect MARIADB = MySqlDialect.mariaDb();
    private static final Dialect H2 = new H2Dialect();

    private static final List<String> COLUMNS = List.of("id", "name", "count");
    private static final List<String> KEYS = List.of("id");
    private static final Insert INSERT = new Insert("items", COLUMNS);
    private static final Values VALUES = new Values(
            List.of(List.of(1L, "a", 5), Arrays.asList(2L, "b", null)),
            List.of(Long.class, String.class, Integer.class));
    private static final List<Object> ROW_BINDS = Arrays.asList(1L, "a", 5, 2L, "b", null);

    private static final String PG_INSERT = "INSERT INTO \"items\" (\"id\",\"name\",\"count\")"
            + " VALUES ($1,$2,$3),($4,$5,$6) ";
    private static final String MY_INSERT = "INSERT INTO `items` (`id`,`name`,`count`) VALUES (?,?,?),(?,?,?) ";
    private static final String H2_MERGE = "MERGE INTO \"items\" USING (VALUES ($1,$2,$3),($4,$5,$6))"
            + " AS \"excluded\" (\"id\",\"name\",\"count\") ON ";
    private static final String H2_INSERT = " WHEN NOT MATCHED THEN INSERT (\"id\",\"name\",\"count\")"
            + " VALUES (\"excluded\".\"id\",\"excluded\".\"name\",\"excluded\".\"count\")";

    /** An expression on the existing row's count, qualified as PostgreSQL and H2 require. */
    private static OnConflict increment() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("count", Expr.of("? + ?", new Column("items", "count"), 10));
        set.put("name", "z");
        return OnConflict.assign(set);
    }

    /** Renders the insert with the upsert: the whole MERGE on H2, INSERT ... with the clause elsewhere. */
    private static Sql render(Dialect dialect, OnConflict onConflict) {
        if (dialect.upsertReplacesInsert()) {
            SqlWriter w = new SqlWriter(dialect);
            dialect.merge(w, INSERT, VALUES, onConflict, KEYS);
            return w.toSql();
        }
        return Statement.of("items", null)
                .with(INSERT)
                .with(VALUES)
                .with(onConflict.forInsert(COLUMNS, KEYS))
                .render(dialect, Statement.INSERT);
    }

    static Stream<Arguments> upserts() {
        return Stream.of(
                Arguments.of(PG, OnConflict.doNothing(), PG_INSERT + "ON CONFLICT DO NOTHING", List.of()),
                Arguments.of(PG, OnConflict.doNothing().on("name"), PG_INSERT + "ON CONFLICT (\"name\") DO NOTHING",
                        List.of()),
                Arguments.of(PG, OnConflict.updateColumns("name"),
                        PG_INSERT + "ON CONFLICT (\"id\") DO UPDATE SET \"name\"=EXCLUDED.\"name\"", List.of()),
                Arguments.of(PG, OnConflict.updateColumns("count", "id").on("name"), PG_INSERT
                        + "ON CONFLICT (\"name\") DO UPDATE SET \"count\"=EXCLUDED.\"count\",\"id\"=EXCLUDED.\"id\"",
                        List.of()),
                Arguments.of(PG, increment(), PG_INSERT
                        + "ON CONFLICT (\"id\") DO UPDATE SET \"count\"=\"items\".\"count\" + $7,\"name\"=$8",
                        List.of(10, "z")),
                Arguments.of(PG, OnConflict.updateAll(), PG_INSERT
                        + "ON CONFLICT (\"id\") DO UPDATE SET \"name\"=EXCLUDED.\"name\",\"count\"=EXCLUDED.\"count\"",
                        List.of()),
                Arguments.of(PG, OnConflict.updateAll().on("name"),
                        PG_INSERT + "ON CONFLICT (\"name\") DO UPDATE SET \"count\"=EXCLUDED.\"count\"", List.of()),
                Arguments.of(PG, OnConflict.updateAll().on("id", "name", "count"),
                        PG_INSERT + "ON CONFLICT (\"id\",\"name\",\"count\") DO NOTHING", List.of()),

                Arguments.of(MYSQL, OnConflict.doNothing(), MY_INSERT + "ON DUPLICATE KEY UPDATE `id`=IF(LAST_INSERT_ID(0),`id`,`id`)", List.of()),
                Arguments.of(MYSQL, OnConflict.doNothing().on("name"), MY_INSERT + "ON DUPLICATE KEY UPDATE `id`=IF(LAST_INSERT_ID(0),`id`,`id`)",
                        List.of()),
                Arguments.of(MYSQL, OnConflict.updateColumns("name"),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`)", List.of()),
                Arguments.of(MYSQL, OnConflict.updateColumns("count", "id").on("name"),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `count`=VALUES(`count`),`id`=VALUES(`id`)", List.of()),
                Arguments.of(MYSQL, increment(),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `count`=`items`.`count` + ?,`name`=?", List.of(10, "z")),
                Arguments.of(MYSQL, OnConflict.updateAll(),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`count`=VALUES(`count`)", List.of()),
                Arguments.of(MYSQL, OnConflict.updateAll().on("name"),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `count`=VALUES(`count`)", List.of()),
                Arguments.of(MYSQL, OnConflict.updateAll().on("id", "name", "count"),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `id`=IF(LAST_INSERT_ID(0),`id`,`id`)", List.of()),

                Arguments.of(MARIADB, OnConflict.doNothing(), MY_INSERT + "ON DUPLICATE KEY UPDATE `id`=IF(LAST_INSERT_ID(0),`id`,`id`)",
                        List.of()),
                Arguments.of(MARIADB, OnConflict.updateColumns("name"),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`)", List.of()),
                Arguments.of(MARIADB, increment(),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `count`=`items`.`count` + ?,`name`=?", List.of(10, "z")),
                Arguments.of(MARIADB, OnConflict.updateAll(),
                        MY_INSERT + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`count`=VALUES(`count`)", List.of()),

                Arguments.of(H2, OnConflict.doNothing(), H2_MERGE + "\"items\".\"id\"=\"excluded\".\"id\"" + H2_INSERT,
                        List.of()),
                Arguments.of(H2, OnConflict.doNothing().on("name"),
                        H2_MERGE + "\"items\".\"name\"=\"excluded\".\"name\"" + H2_INSERT, List.of()),
                Arguments.of(H2, OnConflict.updateColumns("name"), H2_MERGE + "\"items\".\"id\"=\"excluded\".\"id\""
                        + " WHEN MATCHED THEN UPDATE SET \"name\"=\"excluded\".\"name\"" + H2_INSERT, List.of()),
                Arguments.of(H2, OnConflict.updateColumns("count").on("id", "name"), H2_MERGE
                        + "\"items\".\"id\"=\"excluded\".\"id\" AND \"items\".\"name\"=\"excluded\".\"name\""
                        + " WHEN MATCHED THEN UPDATE SET \"count\"=\"excluded\".\"count\"" + H2_INSERT, List.of()),
                Arguments.of(H2, increment(), H2_MERGE + "\"items\".\"id\"=\"excluded\".\"id\""
                        + " WHEN MATCHED THEN UPDATE SET \"count\"=\"items\".\"count\" + $7,\"name\"=$8" + H2_INSERT,
                        List.of(10, "z")),
                Arguments.of(H2, OnConflict.updateAll(), H2_MERGE + "\"items\".\"id\"=\"excluded\".\"id\""
                        + " WHEN MATCHED THEN UPDATE SET \"name\"=\"excluded\".\"name\","
                        + "\"count\"=\"excluded\".\"count\""
                        + H2_INSERT, List.of()),
                Arguments.of(H2, OnConflict.updateAll().on("name"), H2_MERGE
                        + "\"items\".\"name\"=\"excluded\".\"name\""
                        + " WHEN MATCHED THEN UPDATE SET \"count\"=\"excluded\".\"count\"" + H2_INSERT, List.of()));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("upserts")
    void rendersEachUpsertWithTheRowsBoundThenTheAssignedValues(Dialect dialect, OnConflict onConflict,
            String expected, List<Object> assignmentBinds) {
        Sql sql = render(dialect, onConflict);

        assertThat(sql.sql()).isEqualTo(expected);
        List<Object> binds = new java.util.ArrayList<>(ROW_BINDS);
        binds.addAll(assignmentBinds);
        assertThat(sql.binds()).containsExactlyElementsOf(binds);
        assertThat(sql.types().subList(0, 6))
                .containsExactly(Long.class, String.class, Integer.class, Long.class, String.class, Integer.class);
    }

    static Stream<Arguments> dialects() {
        return Stream.of(Arguments.of(PG, false), Arguments.of(MYSQL, false), Arguments.of(MARIADB, false),
                Arguments.of(H2, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void onlyH2ReplacesTheInsertWithAMerge(Dialect dialect, boolean merge) {
        assertThat(dialect.upsertReplacesInsert()).isEqualTo(merge);
    }

    @Test
    void h2HasNoOnConflictClause() {
        assertThatThrownBy(() -> OnConflict.doNothing().forInsert(COLUMNS, KEYS).build(new SqlWriter(H2)))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith("H2 does not support ")
                .hasMessageContaining("ON CONFLICT")
                .hasMessageContaining("MERGE");
    }

    static Stream<Arguments> noMerge() {
        return Stream.of(Arguments.of(PG, "PostgreSQL"), Arguments.of(MYSQL, "MySQL"),
                Arguments.of(MARIADB, "MariaDB"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("noMerge")
    void theOtherDialectsHaveNoMergeUpsert(Dialect dialect, String name) {
        assertThatThrownBy(() -> dialect.merge(new SqlWriter(dialect), INSERT, VALUES, OnConflict.doNothing(), KEYS))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith(name + " does not support ")
                .hasMessageContaining("MERGE");
    }

    @Test
    void h2MergeNeedsATarget() {
        assertThatThrownBy(() -> H2.merge(new SqlWriter(H2), INSERT, VALUES, OnConflict.updateAll(), List.of()))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith("H2 does not support ")
                .hasMessageContaining("without a conflict target");
    }

    @Test
    void h2MergeNeedsTheTargetAmongTheInsertedColumns() {
        Insert insert = new Insert("items", List.of("name", "count"));
        Values values = new Values(List.of(List.of("a", 1)), List.of(String.class, Integer.class));

        assertThatThrownBy(() -> H2.merge(new SqlWriter(H2), insert, values, OnConflict.doNothing(), KEYS))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith("H2 does not support ")
                .hasMessageContaining("'id'")
                .hasMessageContaining("not inserted");
        SqlWriter w = new SqlWriter(H2);
        H2.merge(w, insert, values, OnConflict.updateColumns("count").on("name"), KEYS);
        assertThat(w.toSql().sql()).isEqualTo("MERGE INTO \"items\" USING (VALUES ($1,$2)) AS \"excluded\""
                + " (\"name\",\"count\") ON \"items\".\"name\"=\"excluded\".\"name\""
                + " WHEN MATCHED THEN UPDATE SET \"count\"=\"excluded\".\"count\""
                + " WHEN NOT MATCHED THEN INSERT (\"name\",\"count\")"
                + " VALUES (\"excluded\".\"name\",\"excluded\".\"count\")");
    }

    @Test
    void h2MergeTakesNoDefaultValue() {
        Values values = new Values(List.of(Arrays.asList(Values.DEFAULT, "a", 1)),
                List.of(Long.class, String.class, Integer.class));

        assertThatThrownBy(() -> H2.merge(new SqlWriter(H2), INSERT, values, OnConflict.doNothing().on("name"), KEYS))
                .isInstanceOf(UnsupportedByDialectException.class)
                .hasMessageStartingWith("H2 does not support DEFAULT")
                .hasMessageContaining("'id'");
    }

    @Test
    void h2MergeNeedsRows() {
        Values none = new Values(List.of(), List.of(Long.class, String.class, Integer.class));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> H2.merge(new SqlWriter(H2), INSERT, none, OnConflict.doNothing(), KEYS))
                .withMessageContaining("at least one row");
    }

    @Test
    void postgresUpdateNeedsATargetOrAPrimaryKey() {
        assertThatIllegalStateException()
                .isThrownBy(() -> OnConflict.updateAll().forInsert(COLUMNS, List.of()).build(new SqlWriter(PG)))
                .withMessageContaining("conflict target");
        assertThatIllegalStateException()
                .isThrownBy(() -> OnConflict.updateColumns("name").build(new SqlWriter(PG)))
                .withMessageContaining("conflict target");
    }

    @Test
    void mySqlDoNothingFallsBackToTheTargetThenTheFirstInsertedColumn() {
        SqlWriter target = new SqlWriter(MYSQL);
        OnConflict.doNothing().on("name").forInsert(COLUMNS, List.of()).build(target);
        SqlWriter first = new SqlWriter(MYSQL);
        OnConflict.doNothing().forInsert(List.of("count", "name"), List.of()).build(first);

        assertThat(target.toSql().sql()).isEqualTo("ON DUPLICATE KEY UPDATE `name`=IF(LAST_INSERT_ID(0),`name`,`name`)");
        assertThat(first.toSql().sql()).isEqualTo("ON DUPLICATE KEY UPDATE `count`=IF(LAST_INSERT_ID(0),`count`,`count`)");
        assertThatIllegalStateException().isThrownBy(() -> OnConflict.doNothing().build(new SqlWriter(MYSQL)));
    }

    @Test
    void clauseWithAnExplicitTargetRendersWithoutTheInsertsColumns() {
        SqlWriter w = new SqlWriter(PG);
        OnConflict.updateColumns("name").on("id").build(w);

        assertThat(w.toSql().sql()).isEqualTo("ON CONFLICT (\"id\") DO UPDATE SET \"name\"=EXCLUDED.\"name\"");
        assertThatIllegalStateException()
                .isThrownBy(() -> OnConflict.updateAll().on("id").build(new SqlWriter(PG)))
                .withMessageContaining("forInsert");
    }

    @Test
    void upsertSitsBetweenValuesAndReturning() {
        Sql sql = Statement.of("items", null)
                .with(new Returning(List.of("id")))
                .with(OnConflict.doNothing().on("name").forInsert(COLUMNS, KEYS))
                .with(VALUES)
                .with(INSERT)
                .render(PG, Statement.INSERT);

        assertThat(sql.sql()).isEqualTo(PG_INSERT + "ON CONFLICT (\"name\") DO NOTHING RETURNING \"id\"");
        assertThat(OnConflict.doNothing().forInsert(COLUMNS, KEYS).name()).isEqualTo("ON CONFLICT");
    }

    @Test
    void assignmentsKeepTheOrderOfALinkedMapAndSortAnyOtherMap() {
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        Map<String, Object> hashed = new HashMap<>(Map.of("z", 1, "m", 3, "a", 2));

        assertThat(OnConflict.assign(linked).assignments().keySet()).containsExactly("z", "a");
        assertThat(OnConflict.assign(hashed).assignments().keySet()).containsExactly("a", "m", "z");
        assertThat(OnConflict.assign(Map.of("b", 1, "a", 2)).assignments().keySet()).containsExactly("a", "b");
    }

    static Stream<Arguments> nullAssignments() {
        return Stream.of(Arguments.of(PG, "ON CONFLICT (\"id\") DO UPDATE SET \"name\"=NULL,\"note\"=$1"),
                Arguments.of(MYSQL, "ON DUPLICATE KEY UPDATE `name`=NULL,`note`=?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullAssignments")
    void aNullAssignmentIsTheNullKeywordNotAnUntypedBind(Dialect dialect, String expected) {
        Map<String, Object> set = new HashMap<>();
        set.put("name", null);
        set.put("note", "n");
        SqlWriter w = new SqlWriter(dialect);

        OnConflict.assign(set).forInsert(COLUMNS, KEYS).build(w);

        assertThat(w.toSql().sql()).isEqualTo(expected);
        assertThat(w.toSql().binds()).containsExactly("n");
    }

    @Test
    void helpersTellWhatAnUpdateSets() {
        assertThat(OnConflict.updateAll().updatedColumns(COLUMNS, KEYS)).containsExactly("name", "count");
        assertThat(OnConflict.updateAll().on("name").updatedColumns(COLUMNS, KEYS)).containsExactly("count");
        assertThat(OnConflict.updateColumns("count").updatedColumns(COLUMNS, KEYS)).containsExactly("count");
        assertThat(increment().updatedColumns(COLUMNS, KEYS)).isEmpty();
        assertThat(OnConflict.updateAll().doesNothing(List.of("id"), KEYS)).isTrue();
        assertThat(OnConflict.updateAll().doesNothing(COLUMNS, KEYS)).isFalse();
        assertThat(OnConflict.doNothing().targetOr(KEYS)).isEqualTo(KEYS);
        assertThat(OnConflict.doNothing().on("name").targetOr(KEYS)).containsExactly("name");
        assertThat(OnConflict.updateAll().on("a").on()).isEqualTo(OnConflict.updateAll());
    }

    @Test
    void argumentsAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> OnConflict.updateColumns())
                .withMessage("UPDATE_COLUMNS needs at least one column");
        assertThatIllegalArgumentException().isThrownBy(() -> OnConflict.assign(Map.of()))
                .withMessage("ASSIGN needs at least one assignment");
        assertThatIllegalArgumentException().isThrownBy(() -> OnConflict.doNothing().on(""))
                .withMessage("a name in target must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> OnConflict.updateColumns("a", ""))
                .withMessage("a name in columns must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> OnConflict.assign(Map.of("", 1)))
                .withMessage("an assignment's column must not be empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OnConflict(List.of(), OnConflict.Action.DO_NOTHING, List.of("a"), Map.of()))
                .withMessage("DO_NOTHING takes no columns");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OnConflict(List.of(), OnConflict.Action.UPDATE_ALL, List.of(), Map.of("a", 1)))
                .withMessage("UPDATE_ALL takes no assignments");
        assertThatNullPointerException().isThrownBy(() -> OnConflict.doNothing().on("a", null))
                .withMessage("a name in target must not be null");
        assertThatNullPointerException().isThrownBy(() -> OnConflict.assign(null))
                .withMessage("assignments must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> new OnConflict(List.of(), null, List.of(), Map.of()))
                .withMessage("action must not be null");
    }

    @Test
    void identifiersAreQuotedByTheDialect() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> render(PG, OnConflict.doNothing().on("a\"b")))
                .withMessageContaining("PostgreSQL");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> render(MYSQL, OnConflict.updateColumns("a`b")))
                .withMessageContaining("MySQL");
    }
}
