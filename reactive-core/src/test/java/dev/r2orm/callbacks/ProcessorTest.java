package dev.r2orm.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.r2orm.Session;
import dev.r2orm.Statement;
import dev.r2orm.TestDialect;
import dev.r2orm.clause.Expr;
import dev.r2orm.clause.Where;
import dev.r2orm.internal.Executor;
import dev.r2orm.logger.Logger;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ProcessorTest {

    private static final ConnectionFactory NO_DATABASE = dev.r2orm.NoDatabase.INSTANCE;

    private static dev.r2orm.Db db() {
        return dev.r2orm.Db.open(NO_DATABASE, dev.r2orm.Config.builder().dialect(new TestDialect()).build());
    }

    private static Operation operation() {
        Executor executor = new Executor(NO_DATABASE, new TestDialect(), Logger.silent(), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        return new Operation(Operation.Kind.QUERY, db(), executor, Session.DEFAULT, Statement.of("items", null),
                String.class, 1);
    }

    private static Callback suffix(String s) {
        return (op, upstream) -> upstream.map(o -> o + s);
    }

    private static final Callback NOOP = (op, upstream) -> upstream;

    @Test
    void defaultsRegisterTheBuiltInSteps() {
        Callbacks callbacks = Callbacks.defaults();

        assertThat(callbacks.create().names()).containsExactly("r2orm:begin_transaction", "r2orm:before_create",
                "r2orm:save_before_associations", "r2orm:create", "r2orm:save_after_associations", "r2orm:after_create",
                "r2orm:commit_or_rollback");
        assertThat(callbacks.query().names()).containsExactly("r2orm:query", "r2orm:after_query");
        assertThat(callbacks.update().names()).containsExactly("r2orm:begin_transaction", "r2orm:before_update",
                "r2orm:update", "r2orm:after_update", "r2orm:commit_or_rollback");
        assertThat(callbacks.delete().names()).containsExactly("r2orm:begin_transaction", "r2orm:before_delete",
                "r2orm:delete", "r2orm:after_delete", "r2orm:commit_or_rollback");
        assertThat(callbacks.raw().names()).containsExactly("r2orm:raw");
    }

    @Test
    void defaultsAreNewChainsEachTime() {
        Callbacks a = Callbacks.defaults();
        Callbacks b = Callbacks.defaults();

        a.query().register("x:extra", NOOP);

        assertThat(b.query().names()).containsExactly("r2orm:query", "r2orm:after_query");
    }

    @Test
    void registerAppendsAtTheEnd() {
        Processor p = new Processor("test").register("a", NOOP).register("b", NOOP).register("c", NOOP);

        assertThat(p.names()).containsExactly("a", "b", "c");
        assertThat(p.toString()).isEqualTo("test [a, b, c]");
    }

    @Test
    void beforeInsertsAheadOfTheAnchor() {
        Processor p = new Processor("test").register("a", NOOP).register("c", NOOP);

        p.before("c").register("b", NOOP);
        p.before("a").register("first", NOOP);

        assertThat(p.names()).containsExactly("first", "a", "b", "c");
    }

    @Test
    void afterInsertsBehindTheAnchor() {
        Processor p = new Processor("test").register("a", NOOP).register("c", NOOP);

        p.after("a").register("b", NOOP);
        p.after("c").register("last", NOOP);

        assertThat(p.names()).containsExactly("a", "b", "c", "last");
    }

    @Test
    void replaceKeepsThePlace() {
        Processor p = new Processor("test").register("a", suffix("1")).register("b", suffix("2"));

        p.replace("a", suffix("X"));

        assertThat(p.names()).containsExactly("a", "b");
        StepVerifier.create(p.run(operation(), Flux.just("v"))).expectNext("vX2").verifyComplete();
    }

    @Test
    void removeDropsTheStep() {
        Processor p = new Processor("test").register("a", NOOP).register("b", NOOP).register("c", NOOP);

        p.remove("b");

        assertThat(p.names()).containsExactly("a", "c");
    }

    @Test
    void duplicateNameIsRejected() {
        Processor p = new Processor("create").register("a", NOOP).register("b", NOOP);

        assertThatIllegalArgumentException().isThrownBy(() -> p.register("a", NOOP))
                .withMessageContaining("'a'")
                .withMessageContaining("replace");
        assertThatIllegalArgumentException().isThrownBy(() -> p.after("a").register("b", NOOP))
                .withMessageContaining("'b'");
        assertThat(p.names()).containsExactly("a", "b");
    }

    @Test
    void unknownAnchorIsRejectedListingTheExistingNames() {
        Processor p = Callbacks.defaults().create();

        assertThatIllegalArgumentException().isThrownBy(() -> p.before("r2orm:nope"))
                .withMessageContaining("'r2orm:nope'")
                .withMessageContaining("[r2orm:begin_transaction, r2orm:before_create, r2orm:save_before_associations,"
                        + " r2orm:create, r2orm:save_after_associations, r2orm:after_create, r2orm:commit_or_rollback]");
        assertThatIllegalArgumentException().isThrownBy(() -> p.after("r2orm:nope"))
                .withMessageContaining("r2orm:begin_transaction");
        assertThatIllegalArgumentException().isThrownBy(() -> p.replace("r2orm:nope", NOOP))
                .withMessageContaining("r2orm:create");
        assertThatIllegalArgumentException().isThrownBy(() -> p.remove("r2orm:nope"))
                .withMessageContaining("r2orm:commit_or_rollback");
    }

    @Test
    void anchorRemovedBeforeRegistrationIsRejected() {
        Processor p = new Processor("test").register("a", NOOP);
        Processor.Registration pending = p.before("a");
        p.remove("a");

        assertThatIllegalArgumentException().isThrownBy(() -> pending.register("b", NOOP))
                .withMessageContaining("'a'");
    }

    @Test
    void nullNameOrCallbackIsRejected() {
        Processor p = new Processor("test");

        assertThatNullPointerException().isThrownBy(() -> p.register(null, NOOP))
                .withMessage("name must not be null");
        assertThatNullPointerException().isThrownBy(() -> p.register("a", null))
                .withMessage("callback must not be null");
    }

    @Test
    void runAppliesStepsInOrder() {
        Processor p = new Processor("test").register("a", suffix("-a")).register("c", suffix("-c"));
        p.after("a").register("b", suffix("-b"));

        Flux<Object> out = p.run(operation(), Flux.just("x", "y"));

        StepVerifier.create(out).expectNext("x-a-b-c", "y-a-b-c").verifyComplete();
    }

    @Test
    void runWithNoStepsReturnsTheInput() {
        StepVerifier.create(new Processor("test").run(operation(), Flux.just("x"))).expectNext("x")
                .verifyComplete();
    }

    @Test
    void runPassesTheOperationToEveryStepAndStepsSeeEarlierStatementChanges() {
        Operation op = operation();
        List<String> seen = new ArrayList<>();
        Processor p = new Processor("test")
                .register("add-where", (o, up) -> {
                    o.statement(o.statement().with(Where.of(Expr.of("a = ?", 1))));
                    return up;
                })
                .register("observe", (o, up) -> {
                    seen.add(o.statement().clause("WHERE") == null ? "no where" : "where");
                    assertThat(o).isSameAs(op);
                    return up;
                });

        StepVerifier.create(p.run(op, Flux.just("x"))).expectNext("x").verifyComplete();

        assertThat(seen).containsExactly("where");
        assertThat(op.statement().clause("WHERE")).isNotNull();
    }

    @Test
    void runningKeepsTheChainItStartedWith() {
        Processor p = new Processor("test").register("a", suffix("-a"));

        Flux<Object> out = p.run(operation(), Flux.just("x"));
        p.register("b", suffix("-b"));

        StepVerifier.create(out).expectNext("x-a").verifyComplete();
    }

    @Test
    void operationExposesItsSettings() {
        Operation op = operation();

        assertThat(op.kind()).isEqualTo(Operation.Kind.QUERY);
        assertThat(op.session()).isEqualTo(Session.DEFAULT);
        assertThat(op.resultType()).isEqualTo(String.class);
        assertThat(op.expectedStatements()).isEqualTo(1);
        assertThat(op.schema()).isNull();
        assertThat(op.dialect()).isInstanceOf(TestDialect.class);
        assertThat(op.transactional()).isFalse();
    }

    @Test
    void beginTransactionMarksMultiStatementOperationsTransactional() {
        Executor executor = new Executor(NO_DATABASE, new TestDialect(), Logger.silent(), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        Operation many = new Operation(Operation.Kind.CREATE, db(), executor, Session.DEFAULT, Statement.of("t", null),
                Object.class, 2);
        Operation one = new Operation(Operation.Kind.CREATE, db(), executor, Session.DEFAULT, Statement.of("t", null),
                Object.class, 1);
        Operation skipped = new Operation(Operation.Kind.CREATE, db(), executor,
                Session.builder().skipDefaultTransaction(true).build(), Statement.of("t", null), Object.class, 2);
        Operation dry = new Operation(Operation.Kind.CREATE, db(), executor, Session.builder().dryRun(true).build(),
                Statement.of("t", null), Object.class, 2);

        for (Operation op : List.of(many, one, skipped, dry)) {
            BuiltinCallbacks.beginTransaction(op, Flux.empty());
        }

        assertThat(many.transactional()).isTrue();
        assertThat(one.transactional()).isFalse();
        assertThat(skipped.transactional()).isFalse();
        assertThat(dry.transactional()).isFalse();
    }

    @Test
    void theStepsConstantsNameTheBuiltInSteps() {
        Callbacks callbacks = Callbacks.defaults();
        assertThat(callbacks.create().names()).containsExactly(Steps.BEGIN_TRANSACTION, Steps.BEFORE_CREATE,
                Steps.SAVE_BEFORE_ASSOCIATIONS, Steps.CREATE, Steps.SAVE_AFTER_ASSOCIATIONS, Steps.AFTER_CREATE,
                Steps.COMMIT_OR_ROLLBACK);
        assertThat(callbacks.query().names()).containsExactly(Steps.QUERY, Steps.AFTER_QUERY);
        assertThat(callbacks.update().names()).containsExactly(Steps.BEGIN_TRANSACTION, Steps.BEFORE_UPDATE,
                Steps.UPDATE, Steps.AFTER_UPDATE, Steps.COMMIT_OR_ROLLBACK);
        assertThat(callbacks.delete().names()).containsExactly(Steps.BEGIN_TRANSACTION, Steps.BEFORE_DELETE,
                Steps.DELETE, Steps.AFTER_DELETE, Steps.COMMIT_OR_ROLLBACK);
        assertThat(callbacks.raw().names()).containsExactly(Steps.RAW);
    }
}
