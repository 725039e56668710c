package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.integration.WriteModels.Note;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.List;
import reactor.test.StepVerifier;

class SoftDeleteIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static List<Note> seed(Db db) {
        db.migrator().autoMigrate(Note.class).block(TIMEOUT);
        return db.createAll(List.of(new Note("a"), new Note("b"), new Note("c"))).collectList().block(TIMEOUT);
    }

    @DatabaseTest
    void deleteSetsDeletedAtAndQueriesSkipTheRow(Db db) {
        List<Note> notes = seed(db);
        StepVerifier.create(db.delete(notes.get(0))).expectNext(1L).verifyComplete();
        assertThat(notes.get(0).getDeletedAt()).isNotNull();

        StepVerifier.create(db.model(Note.class).count()).expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Note.class).order("id").find().map(n -> n.text)).expectNext("b", "c")
                .verifyComplete();
        StepVerifier.create(db.model(Note.class).first(notes.get(0).getId()))
                .expectError(dev.r2orm.RecordNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(db.model(Note.class).where("text = ?", "a").update("text", "z")).expectNext(0L)
                .verifyComplete();
        StepVerifier.create(db.delete(notes.get(0))).expectNext(0L).verifyComplete();

        StepVerifier.create(db.model(Note.class).unscoped().count()).expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Note.class).unscoped().where("text = ?", "a").first())
                .assertNext(n -> assertThat(n.getDeletedAt()).isNotNull())
                .verifyComplete();
        assertThat(db.model(Note.class).where("text = ?", "x").toSql().sql())
                .contains("deleted_at").contains("IS NULL");
    }

    @DatabaseTest
    void unscopedDeleteRemovesTheRowForReal(Db db) {
        List<Note> notes = seed(db);
        StepVerifier.create(db.model(Note.class).where("text IN ?", List.of("a", "b")).delete()).expectNext(2L)
                .verifyComplete();
        StepVerifier.create(db.model(Note.class).unscoped().where("text = ?", "a").delete()).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(Note.class).unscoped().count()).expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Note.class).unscoped().delete(List.of(notes.get(2).getId()))).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(Note.class).unscoped().pluck("text", String.class)).expectNext("b")
                .verifyComplete();
    }
}
