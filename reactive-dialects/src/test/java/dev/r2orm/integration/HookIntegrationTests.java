package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.RecordNotFoundException;
import dev.r2orm.Session;
import dev.r2orm.integration.WriteModels.Audited;
import dev.r2orm.integration.WriteModels.FailsAfterCreate;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.Map;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class HookIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Audited created(Db db, String name) {
        db.migrator().autoMigrate(Audited.class).block(TIMEOUT);
        Audited a = db.create(new Audited(name)).block(TIMEOUT);
        Audited.CALLS.clear();
        return a;
    }

    @DatabaseTest
    void createRunsHooksInOrderAndWritesWhatTheyChanged(Db db) {
        db.migrator().autoMigrate(Audited.class).block(TIMEOUT);
        Audited.CALLS.clear();
        StepVerifier.create(db.create(new Audited("Hello"))).expectNextCount(1).verifyComplete();
        assertThat(Audited.CALLS).containsExactly("beforeSave", "beforeCreate", "afterCreate", "afterSave");
        StepVerifier.create(db.model(Audited.class).first().map(a -> a.slug)).expectNext("hello").verifyComplete();
    }

    @DatabaseTest
    void aFailingBeforeHookWritesNothingAndAFailingAfterHookRollsBack(Db db) {
        db.migrator().autoMigrate(Audited.class, FailsAfterCreate.class).block(TIMEOUT);
        StepVerifier.create(db.create(new Audited("reject")))
                .expectErrorMessage("name 'reject' is not allowed").verify(TIMEOUT);
        StepVerifier.create(db.model(Audited.class).count()).expectNext(0L).verifyComplete();

        StepVerifier.create(db.create(new FailsAfterCreate("x"))).expectError(RecordNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(FailsAfterCreate.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void updateHooksSeeWhichFieldsChangeAndCanVeto(Db db) {
        Audited a = created(db, "one");
        StepVerifier.create(db.model(a).update("name", "two")).expectNext(1L).verifyComplete();
        assertThat(Audited.CALLS).containsExactly("beforeSave", "beforeUpdate(name)", "afterUpdate", "afterSave");

        Audited.CALLS.clear();
        StepVerifier.create(db.model(a).updates(Map.of("version", 2))).expectNext(1L).verifyComplete();
        assertThat(Audited.CALLS).contains("beforeUpdate(version)");

        StepVerifier.create(db.model(a).update("name", "forbidden")).expectErrorMessage("forbidden name")
                .verify(TIMEOUT);
        StepVerifier.create(db.model(Audited.class).first().map(x -> x.name)).expectNext("two").verifyComplete();

        Audited.CALLS.clear();
        StepVerifier.create(db.model(a).updateColumn("name", "three")).expectNext(1L).verifyComplete();
        assertThat(Audited.CALLS).isEmpty();
    }

    @DatabaseTest
    void deleteHooksRunAndCanStopTheDelete(Db db) {
        Audited a = created(db, "keep");
        StepVerifier.create(db.delete(a)).expectErrorMessage("kept").verify(TIMEOUT);
        StepVerifier.create(db.model(Audited.class).count()).expectNext(1L).verifyComplete();

        a.name = "go";
        StepVerifier.create(db.delete(a)).expectNext(1L).verifyComplete();
        assertThat(Audited.CALLS).containsExactly("beforeDelete", "afterDelete");
        StepVerifier.create(db.model(Audited.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void afterFindSeesTheCallersReactorContext(Db db) {
        created(db, "x");
        StepVerifier.create(db.model(Audited.class).find().contextWrite(Context.of("tenant", "acme")))
                .expectNextCount(1).verifyComplete();
        assertThat(Audited.CALLS).containsExactly("afterFind:acme");
    }

    @DatabaseTest
    void skipHooksTurnsThemOff(Db db) {
        Audited a = created(db, "quiet");
        Db quiet = db.session(Session.builder().skipHooks(true).build());
        quiet.model(a).update("name", "still quiet").block(TIMEOUT);
        quiet.model(Audited.class).find().blockLast(TIMEOUT);
        quiet.create(new Audited("reject")).block(TIMEOUT);
        assertThat(Audited.CALLS).isEmpty();
        StepVerifier.create(db.model(Audited.class).count()).expectNext(2L).verifyComplete();
    }
}
