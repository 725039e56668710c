package dev.r2orm.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.r2orm.Associations;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.NoDatabase;
import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.TestDialect;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.clause.Sql;
import dev.r2orm.schema.Field;
import dev.r2orm.schema.NamingStrategy;
import dev.r2orm.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OperationTest {

    static class Company {
        Long id;
        String name;
    }

    static class Employee {
        Long id;
        String name;
        String email;
        Long companyId;
        Company company;
    }

    private static final Db DB = Db.open(NoDatabase.INSTANCE, Config.builder().dialect(new TestDialect()).build());
    private static final Schema EMPLOYEES = Schema.parse(Employee.class, NamingStrategy.defaults());
    private static final Statement STATEMENT = Statement.of(EMPLOYEES.table(), EMPLOYEES);

    private static Operation.Builder builder(Operation.Kind kind) {
        return Operation.builder(kind, DB, STATEMENT, Employee.class);
    }

    private static Field field(String name) {
        return Objects.requireNonNull(EMPLOYEES.lookup(name));
    }

    @Test
    void aFreshBuilderAsksForNothingAndRunsOnTheDatabasesExecutor() {
        Session dry = Session.builder().dryRun(true).build();
        Operation op = Operation.builder(Operation.Kind.QUERY, DB.session(dry), STATEMENT, Employee.class).build();

        assertThat(op.kind()).isEqualTo(Operation.Kind.QUERY);
        assertThat(op.session()).isEqualTo(dry);
        assertThat(op.statement()).isSameAs(STATEMENT);
        assertThat(op.resultType()).isEqualTo(Employee.class);
        assertThat(op.resultSchema()).isSameAs(EMPLOYEES);
        assertThat(op.expectedStatements()).isEqualTo(1);
        assertThat(op.unscoped()).isFalse();
        assertThat(op.fetchSize()).isZero();
        assertThat(op.rowMapper()).isNull();
        assertThat(op.transactional()).isFalse();
        assertThat(op.rowsAffected()).isZero();
        assertThat(op.dialect()).isInstanceOf(TestDialect.class);
        assertThat(op.executor()).isNotNull();
    }

    @Test
    void buildTakesACopySoLaterChangesToTheBuilderLeaveBuiltOperationsAsTheyWere() {
        Operation.Builder builder = builder(Operation.Kind.QUERY);
        Operation plain = builder.build();
        Operation unscoped = builder.unscoped(true).build();
        Operation fetching = builder.fetchSize(500).build();

        assertThat(plain.unscoped()).isFalse();
        assertThat(plain.fetchSize()).isZero();
        assertThat(unscoped.unscoped()).isTrue();
        assertThat(unscoped.fetchSize()).isZero();
        assertThat(fetching.fetchSize()).isEqualTo(500);
        assertThat(fetching.unscoped()).isTrue();
        assertThat(builder.build()).isNotSameAs(builder.build());
    }

    @Test
    void anUpdateCarriesItsPlanReturningAndVersionCheck() {
        Employee e = new Employee();
        UpdatePlan plan = UpdatePlan.values(Map.of("name", "x"));
        Operation op = builder(Operation.Kind.UPDATE).updatePlan(plan).returning(true).checkVersionOf(e)
                .session(Session.DEFAULT.withoutHooks()).build();

        assertThat(op.updatePlan()).isSameAs(plan);
        assertThat(op.returning()).isTrue();
        assertThat(op.versionChecked()).isSameAs(e);
        assertThat(op.session().skipHooks()).isTrue();
    }

    @Test
    void aRawOperationCarriesItsSqlSchemaAndMapper() {
        Sql sql = Sql.of("SELECT 1");
        Operation op = Operation.builder(Operation.Kind.RAW, DB, Statement.of("raw", null), Map.class).rawSql(sql)
                .resultSchema(EMPLOYEES).rowMapper(() -> (row, meta) -> "mapped").build();

        assertThat(op.rawSql()).isSameAs(sql);
        assertThat(op.resultSchema()).isSameAs(EMPLOYEES);
        assertThat(op.newRowMapper().apply(null, null)).isEqualTo("mapped");
    }

    @Test
    void aSelectionIsSplitIntoFieldsAndAssociations() {
        Operation op = builder(Operation.Kind.CREATE).selection(Set.of("name", "Company"), Set.of("email")).build();

        assertThat(op.includes(field("name"))).isTrue();
        assertThat(op.includes(field("id"))).as("primary keys are written unless omitted").isTrue();
        assertThat(op.includes(field("email"))).isFalse();
        assertThat(op.includes(field("companyId"))).isFalse();
        assertThat(op.includesAssociation("company")).isTrue();
        assertThat(op.includesAssociation("Other")).isFalse();
    }

    @Test
    void omittingEveryAssociationKeepsTheFields() {
        Operation op = builder(Operation.Kind.CREATE).selection(Set.of(), Set.of(Associations.ALL))
                .onConflict(OnConflict.doNothing()).build();

        assertThat(op.includes(field("email"))).isTrue();
        assertThat(op.includesAssociation("Company")).isFalse();
        assertThat(op.onConflict()).isNotNull();
    }

    @Test
    void nothingSelectedWritesEverything() {
        Operation op = builder(Operation.Kind.CREATE).expectedStatements(3).build();

        assertThat(op.includes(field("email"))).isTrue();
        assertThat(op.includesAssociation("Company")).isTrue();
        assertThat(op.expectedStatements()).isEqualTo(3);
    }

    private record Misfit(Operation.Kind kind, UnaryOperator<Operation.Builder> set, String rule) {
    }

    @Test
    void buildRejectsWhatTheKindDoesNotUse() {
        List<Misfit> misfits = List.of(
                new Misfit(Operation.Kind.UPDATE, b -> b, "an update needs an update plan"),
                new Misfit(Operation.Kind.RAW, b -> b, "a raw operation needs its SQL"),
                new Misfit(Operation.Kind.DELETE, b -> b.updatePlan(UpdatePlan.allFields()),
                        "an update plan is for UPDATE only"),
                new Misfit(Operation.Kind.QUERY, b -> b.rawSql(Sql.of("SELECT 1")), "raw SQL is for RAW only"),
                new Misfit(Operation.Kind.QUERY, b -> b.returning(true), "returning is for UPDATE and DELETE only"),
                new Misfit(Operation.Kind.CREATE, b -> b.checkVersionOf(new Employee()),
                        "checkVersionOf is for UPDATE and DELETE only"),
                new Misfit(Operation.Kind.DELETE, b -> b.selection(Set.of("name"), Set.of()),
                        "an upsert rule or a selection is for CREATE only"),
                new Misfit(Operation.Kind.QUERY, b -> b.onConflict(OnConflict.doNothing()),
                        "an upsert rule or a selection is for CREATE only"),
                new Misfit(Operation.Kind.DELETE, b -> b.fetchSize(1),
                        "a result schema, a row mapper or a fetch size is for QUERY and RAW only"),
                new Misfit(Operation.Kind.CREATE, b -> b.resultSchema(EMPLOYEES),
                        "a result schema, a row mapper or a fetch size is for QUERY and RAW only"));

        for (Misfit m : misfits) {
            Operation.Builder b = m.set().apply(builder(m.kind()));
            assertThatIllegalStateException().as(m.rule()).isThrownBy(b::build)
                    .withMessage("cannot build a " + m.kind() + " operation: " + m.rule());
        }
    }

    @Test
    void buildersRejectNullsAndBadCounts() {
        assertThatNullPointerException()
                .isThrownBy(() -> Operation.builder(null, DB, STATEMENT, Employee.class))
                .withMessage("kind must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> Operation.builder(Operation.Kind.QUERY, null, STATEMENT, Employee.class))
                .withMessage("db must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> Operation.builder(Operation.Kind.QUERY, DB, null, Employee.class))
                .withMessage("statement must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> Operation.builder(Operation.Kind.QUERY, DB, STATEMENT, null))
                .withMessage("resultType must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder(Operation.Kind.QUERY).session(null))
                .withMessage("session must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder(Operation.Kind.QUERY).fetchSize(-1))
                .withMessage("fetchSize must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder(Operation.Kind.CREATE).expectedStatements(0))
                .withMessage("expectedStatements must be at least 1, was 0");
        assertThatNullPointerException().isThrownBy(() -> builder(Operation.Kind.QUERY).build().statement(null))
                .withMessage("statement must not be null");
    }

    @Test
    void aRunRecordsItsStatementTransactionAndRowCount() {
        Operation op = builder(Operation.Kind.DELETE).build();
        Statement narrowed = STATEMENT.without("SELECT");

        op.statement(narrowed);
        op.transactional(true);
        op.rowsAffected(7);

        assertThat(op.statement()).isSameAs(narrowed);
        assertThat(op.transactional()).isTrue();
        assertThat(op.rowsAffected()).isEqualTo(7);
        assertThat(List.of(op.schema())).containsExactly(EMPLOYEES);
    }
}
