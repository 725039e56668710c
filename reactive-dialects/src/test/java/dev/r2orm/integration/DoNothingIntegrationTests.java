package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.clause.OnConflict;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * An upsert that does nothing on a collision says what happened: the rows inserted are emitted with their generated
 * keys, the rows skipped are not, whether one row or many, matched by a conflict target or by keys, on every database.
 */
class DoNothingIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Table("subscribers")
    static class Subscriber {
        Long id;
        @Column(unique = true, size = 100)
        String email;
        String name;

        Subscriber() {
        }

        Subscriber(String email, String name) {
            this.email = email;
            this.name = name;
        }
    }

    @Table("country_codes")
    static class Country {
        @PrimaryKey(autoIncrement = false)
        @Column(size = 2)
        String code;
        String name;

        Country() {
        }

        Country(String code, String name) {
            this.code = code;
            this.name = name;
        }
    }

    @DatabaseTest
    void aSkippedRowIsNotEmittedAndAnInsertedOneHasItsKey(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Subscriber.class).block(TIMEOUT);
        Subscriber first = db.create(new Subscriber("ann@example.com", "Ann")).block(TIMEOUT);

        StepVerifier.create(db.model(Subscriber.class).onConflict(OnConflict.doNothing().on("email"))
                        .create(new Subscriber("ann@example.com", "Other Ann")))
                .verifyComplete();
        // H2's MERGE needs a target it can match on among the inserted columns
        OnConflict anyKey = target == TestDatabase.H2 ? OnConflict.doNothing().on("email") : OnConflict.doNothing();
        StepVerifier.create(db.model(Subscriber.class).onConflict(anyKey)
                        .create(new Subscriber("ann@example.com", "Other Ann")))
                .verifyComplete();
        StepVerifier.create(db.model(Subscriber.class).onConflict(anyKey)
                        .create(new Subscriber("bob@example.com", "Bob")))
                .assertNext(s -> assertThat(s.id).isGreaterThan(first.id))
                .verifyComplete();
        StepVerifier.create(db.model(Subscriber.class).where("email = ?", "ann@example.com").first().map(s -> s.name))
                .expectNext("Ann").verifyComplete();
    }

    @DatabaseTest
    void ofManyRowsOnlyTheInsertedAreEmittedInOrderWithTheirKeys(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Subscriber.class).block(TIMEOUT);
        db.createAll(List.of(new Subscriber("b@example.com", "B"), new Subscriber("d@example.com", "D")))
                .blockLast(TIMEOUT);
        List<Subscriber> batch = List.of(new Subscriber("a@example.com", "A"), new Subscriber("b@example.com", "B2"),
                new Subscriber("c@example.com", "C"), new Subscriber("d@example.com", "D2"));

        StepVerifier.create(db.model(Subscriber.class).onConflict(OnConflict.doNothing().on("email"))
                        .createAll(batch).map(s -> s.email + ":" + (s.id != null)))
                .expectNext("a@example.com:true", "c@example.com:true").verifyComplete();
        // no target: each row is its own statement (H2 needs a target among the inserted columns)
        OnConflict anyKey = target == TestDatabase.H2 ? OnConflict.doNothing().on("email") : OnConflict.doNothing();
        StepVerifier.create(db.model(Subscriber.class).onConflict(anyKey)
                        .createAll(List.of(new Subscriber("e@example.com", "E"), new Subscriber("a@example.com", "A2")))
                        .map(s -> s.email))
                .expectNext("e@example.com").verifyComplete();
        StepVerifier.create(db.model(Subscriber.class).order("email").find().map(s -> s.email + "=" + s.name))
                .expectNext("a@example.com=A", "b@example.com=B", "c@example.com=C", "d@example.com=D",
                        "e@example.com=E")
                .verifyComplete();
        StepVerifier.create(db.raw("SELECT count(*) FROM subscribers WHERE id IS NULL").scan(Long.class))
                .expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void rowsWithKeysTheApplicationSetsAreMatchedByThem(Db db) {
        db.migrator().autoMigrate(Country.class).block(TIMEOUT);
        db.create(new Country("FR", "France")).block(TIMEOUT);
        StepVerifier.create(db.model(Country.class).onConflict(OnConflict.doNothing())
                        .createAll(List.of(new Country("DE", "Germany"), new Country("FR", "Frankreich"),
                                new Country("IT", "Italy")))
                        .map(c -> c.code))
                .expectNext("DE", "IT").verifyComplete();
        StepVerifier.create(db.model(Country.class).onConflict(OnConflict.doNothing())
                        .create(new Country("FR", "Francia")))
                .verifyComplete();
        StepVerifier.create(db.model(Country.class).first("FR").map(c -> c.name)).expectNext("France")
                .verifyComplete();
    }
}
