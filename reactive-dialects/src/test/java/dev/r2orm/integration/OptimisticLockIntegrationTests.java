package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.OptimisticLockException;
import dev.r2orm.integration.VersionModels.Account;
import dev.r2orm.integration.VersionModels.Counter;
import dev.r2orm.integration.VersionModels.Document;
import dev.r2orm.integration.VersionModels.Ledger;
import dev.r2orm.integration.VersionModels.Memo;
import dev.r2orm.integration.VersionModels.Sheet;
import dev.r2orm.integration.VersionModels.Ticket;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Optimistic locking with {@code @Version} on H2, PostgreSQL and MariaDB: the version a create writes, the check and
 * the increment of entity updates and deletes, the exception a stale copy gets, races among copies, rollback, and
 * versions of every supported type, on a migrated table and on one written by hand.
 */
class OptimisticLockIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Document document(Db db) {
        db.migrator().autoMigrate(Document.class).block(TIMEOUT);
        return db.create(new Document("draft", 10)).block(TIMEOUT);
    }

    private static Document load(Db db, long id) {
        return db.model(Document.class).first(id).block(TIMEOUT);
    }

    private static String row(Db db, long id) {
        Document d = load(db, id);
        return d.title + ":" + d.pages + ":v" + d.version;
    }

    @DatabaseTest
    void createStartsAtOneAndEachSaveMovesTheVersionOn(Db db) {
        Document d = document(db);
        assertThat(d.version).isEqualTo(1);
        assertThat(row(db, d.id)).isEqualTo("draft:10:v1");

        d.title = "second";
        StepVerifier.create(db.save(d).map(x -> x.version)).expectNext(2).verifyComplete();
        d.pages = 11;
        StepVerifier.create(db.save(d).map(x -> x.version)).expectNext(3).verifyComplete();
        assertThat(d.version).isEqualTo(3);
        assertThat(row(db, d.id)).isEqualTo("second:11:v3");

        Document preset = new Document("preset", 1);
        preset.version = 7;
        StepVerifier.create(db.create(preset).map(x -> x.version)).expectNext(7).verifyComplete();
        assertThat(row(db, preset.id)).isEqualTo("preset:1:v7");
    }

    @DatabaseTest
    void ofTwoCopiesTheFirstSaveWinsAndTheSecondSignalsOptimisticLock(Db db) {
        long id = document(db).id;
        Document first = load(db, id);
        Document second = load(db, id);
        first.title = "first";
        second.title = "second";
        second.pages = 99;

        StepVerifier.create(db.save(first).map(x -> x.version)).expectNext(2).verifyComplete();
        StepVerifier.create(db.save(second))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(OptimisticLockException.class);
                    OptimisticLockException lock = (OptimisticLockException) e;
                    assertThat(lock.model()).isEqualTo(Document.class);
                    assertThat(lock.entity()).isSameAs(second);
                    assertThat(lock.expectedVersion()).isEqualTo(1);
                    assertThat(lock.key()).containsExactly(Map.entry("id", id));
                    assertThat(lock.isRetryable()).isFalse();
                    assertThat(lock.getMessage()).contains(Document.class.getName(), "id=" + id, "version 1")
                            .doesNotContain("second", "99", "UPDATE");
                })
                .verify(TIMEOUT);

        assertThat(second.version).isEqualTo(1);
        assertThat(row(db, id)).isEqualTo("first:10:v2");
        assertThat(db.model(Document.class).count().block(TIMEOUT)).isEqualTo(1);
    }

    @DatabaseTest
    void updatesOfAnEntityAreCheckedButUpdateColumnsAndUpdatesWithoutAnEntityAreNot(Db db) {
        long id = document(db).id;
        Document fresh = load(db, id);
        Document stale = load(db, id);

        StepVerifier.create(db.model(fresh).update("title", "renamed")).expectNext(1L).verifyComplete();
        assertThat(fresh.version).isEqualTo(2);
        StepVerifier.create(db.model(stale).updates(Map.of("pages", 5))).expectError(OptimisticLockException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(stale).update("pages", 5)).expectError(OptimisticLockException.class)
                .verify(TIMEOUT);
        Document values = new Document(null, 6);
        values.version = 2; // the version in the values is ignored: the entity's is checked
        StepVerifier.create(db.model(stale).updates(values)).expectError(OptimisticLockException.class)
                .verify(TIMEOUT);
        assertThat(row(db, id)).isEqualTo("renamed:10:v2");

        // updateColumn(s): neither checked nor moved on
        StepVerifier.create(db.model(stale).updateColumn("pages", 7)).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(stale).updateColumns(Map.of("title", "columns"))).expectNext(1L)
                .verifyComplete();
        assertThat(stale.version).isEqualTo(1);
        assertThat(row(db, id)).isEqualTo("columns:7:v2");

        // updates without an entity: the version moves on, nothing is checked
        StepVerifier.create(db.model(Document.class).where("id = ?", id).updates(Map.of("pages", 8)))
                .expectNext(1L).verifyComplete();
        assertThat(row(db, id)).isEqualTo("columns:8:v3");

        // an entity update with the fresh version, and with an explicit version value
        Document current = load(db, id);
        StepVerifier.create(db.model(current).updates(new Document("entity", 0))).expectNext(1L).verifyComplete();
        assertThat(current.version).isEqualTo(4);
        StepVerifier.create(db.model(current).updates(Map.of("version", 40, "pages", 1))).expectNext(1L)
                .verifyComplete();
        assertThat(current.version).isEqualTo(40);
        assertThat(row(db, id)).isEqualTo("entity:1:v40");
    }

    @DatabaseTest
    void ofManyStaleCopiesSavedConcurrentlyExactlyOneWins(Db db) {
        long id = document(db).id;
        List<Document> copies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Document c = load(db, id);
            c.title = "copy" + i;
            c.pages = i;
            copies.add(c);
        }

        List<String> outcomes = Flux.fromIterable(copies)
                .flatMap(c -> db.save(c).map(x -> "won:" + x.title)
                        .onErrorResume(OptimisticLockException.class, e -> Mono.just("lost")))
                .collectList().block(TIMEOUT);

        assertThat(outcomes).hasSize(8).filteredOn(o -> o.startsWith("won:")).hasSize(1);
        String winner = outcomes.stream().filter(o -> o.startsWith("won:")).findFirst().orElseThrow().substring(4);
        Document row = load(db, id);
        assertThat(row.title).isEqualTo(winner);
        assertThat(row.version).isEqualTo(2);
        assertThat(copies).filteredOn(c -> c.version == 2).extracting(c -> c.title).containsExactly(winner);

        // the same race through updates of the entity
        List<Document> stale = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stale.add(load(db, id));
        }
        List<Long> rows = Flux.fromIterable(stale)
                .flatMap(c -> db.model(c).update("pages", 100)
                        .onErrorResume(OptimisticLockException.class, e -> Mono.just(-1L)))
                .collectList().block(TIMEOUT);
        assertThat(rows).containsOnly(1L, -1L).filteredOn(r -> r == 1L).hasSize(1);
        assertThat(load(db, id).version).isEqualTo(3);
    }

    @DatabaseTest
    void aStaleSaveInsideATransactionRollsItBack(Db db) {
        long id = document(db).id;
        Document stale = load(db, id);
        Document fresh = load(db, id);
        fresh.title = "fresh";
        db.save(fresh).block(TIMEOUT);
        stale.title = "stale";
        Document current = load(db, id);

        StepVerifier.create(db.transaction(tx -> tx.create(new Document("inside", 1))
                        .then(tx.model(current).update("pages", 50))
                        .then(tx.save(stale))))
                .expectError(OptimisticLockException.class)
                .verify(TIMEOUT);

        assertThat(row(db, id)).isEqualTo("fresh:10:v2");
        assertThat(db.model(Document.class).count().block(TIMEOUT)).isEqualTo(1);
    }

    @DatabaseTest
    void deletesOfAnEntityAreChecked(Db db) {
        long id = document(db).id;
        Document stale = load(db, id);
        Document fresh = load(db, id);
        db.model(fresh).update("pages", 12).block(TIMEOUT);

        StepVerifier.create(db.delete(stale)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        assertThat(row(db, id)).isEqualTo("draft:12:v2");
        StepVerifier.create(db.delete(fresh)).expectNext(1L).verifyComplete();
        StepVerifier.create(db.delete(fresh)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        assertThat(db.model(Document.class).count().block(TIMEOUT)).isZero();

        // a soft delete is checked the same way
        db.migrator().autoMigrate(Ticket.class).block(TIMEOUT);
        Ticket ticket = db.create(new Ticket("bug")).block(TIMEOUT);
        assertThat(ticket.version).isEqualTo(1L);
        Ticket staleTicket = db.model(Ticket.class).first(ticket.getId()).block(TIMEOUT);
        ticket.subject = "bug, triaged";
        db.save(ticket).block(TIMEOUT);
        assertThat(ticket.version).isEqualTo(2L);
        StepVerifier.create(db.delete(staleTicket)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        assertThat(db.model(Ticket.class).count().block(TIMEOUT)).isEqualTo(1);
        StepVerifier.create(db.delete(ticket)).expectNext(1L).verifyComplete();
        assertThat(db.model(Ticket.class).count().block(TIMEOUT)).isZero();
        assertThat(db.model(Ticket.class).unscoped().count().block(TIMEOUT)).isEqualTo(1);
    }

    @DatabaseTest
    void returningUpdatesAndDeletesAreCheckedToo(Db db, TestDatabase target) {
        long id = document(db).id;
        Document stale = load(db, id);
        Document fresh = load(db, id);
        if (target == TestDatabase.MARIADB) { // MariaDB has no UPDATE ... RETURNING
            db.model(fresh).update("pages", 20).block(TIMEOUT);
        } else {
            StepVerifier.create(db.model(fresh).updatesReturning(Map.of("pages", 20))
                            .map(d -> d.pages + ":v" + d.version))
                    .expectNext("20:v2").verifyComplete();
            assertThat(fresh.version).isEqualTo(2);
            StepVerifier.create(db.model(stale).updatesReturning(Map.of("pages", 30)))
                    .expectError(OptimisticLockException.class).verify(TIMEOUT);
        }
        StepVerifier.create(db.model(stale).deleteReturning()).expectError(OptimisticLockException.class)
                .verify(TIMEOUT);
        StepVerifier.create(db.model(fresh).deleteReturning().map(d -> d.pages)).expectNext(20).verifyComplete();
        assertThat(db.model(Document.class).count().block(TIMEOUT)).isZero();
    }

    @DatabaseTest
    void aTimestampVersionStartsAtTheCreateTimeAndMovesOnWithEachSave(Db db) {
        db.migrator().autoMigrate(Memo.class).block(TIMEOUT);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Memo memo = db.create(new Memo("one")).block(TIMEOUT);
        Instant created = memo.revised;
        assertThat(created).isNotNull().isAfterOrEqualTo(before.minusSeconds(1))
                .isEqualTo(created.truncatedTo(ChronoUnit.MICROS));
        assertThat(db.model(Memo.class).first(memo.id).block(TIMEOUT).revised).isEqualTo(created);

        Memo first = db.model(Memo.class).first(memo.id).block(TIMEOUT);
        Memo second = db.model(Memo.class).first(memo.id).block(TIMEOUT);
        first.text = "first";
        second.text = "second";
        StepVerifier.create(db.save(first).map(m -> m.revised)).assertNext(r -> assertThat(r).isAfter(created))
                .verifyComplete();
        StepVerifier.create(db.save(second)).expectErrorSatisfies(e -> assertThat(e)
                .isInstanceOfSatisfying(OptimisticLockException.class,
                        l -> assertThat(l.expectedVersion()).isEqualTo(created)))
                .verify(TIMEOUT);
        Memo read = db.model(Memo.class).first(memo.id).block(TIMEOUT);
        assertThat(read.text).isEqualTo("first");
        assertThat(read.revised).isEqualTo(first.revised);

        // saved again at once: the version still moves on
        Instant previous = first.revised;
        first.text = "again";
        db.save(first).block(TIMEOUT);
        assertThat(first.revised).isAfter(previous);
        assertThat(db.model(Memo.class).first(memo.id).block(TIMEOUT).revised).isEqualTo(first.revised);
    }

    @DatabaseTest
    void offsetAndLocalTimestampsAndShortIntegersAreVersionsToo(Db db) {
        db.migrator().autoMigrate(Sheet.class, Ledger.class, Counter.class).block(TIMEOUT);

        Sheet sheet = db.create(new Sheet("s")).block(TIMEOUT);
        Sheet staleSheet = db.model(Sheet.class).first(sheet.id).block(TIMEOUT);
        sheet.name = "s2";
        db.save(sheet).block(TIMEOUT);
        assertThat(sheet.stamp.toInstant()).isAfter(staleSheet.stamp.toInstant());
        StepVerifier.create(db.save(staleSheet)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        assertThat(db.model(Sheet.class).first(sheet.id).block(TIMEOUT).name).isEqualTo("s2");

        Ledger ledger = db.create(new Ledger("l")).block(TIMEOUT);
        Ledger staleLedger = db.model(Ledger.class).first(ledger.id).block(TIMEOUT);
        db.model(ledger).update("name", "l2").block(TIMEOUT);
        assertThat(ledger.stamp).isAfter(staleLedger.stamp);
        StepVerifier.create(db.model(staleLedger).update("name", "l3")).expectError(OptimisticLockException.class)
                .verify(TIMEOUT);
        assertThat(db.model(Ledger.class).first(ledger.id).block(TIMEOUT).name).isEqualTo("l2");

        Counter counter = db.create(new Counter(1)).block(TIMEOUT);
        assertThat(counter.version).isEqualTo((short) 1);
        Counter staleCounter = db.model(Counter.class).first(counter.id).block(TIMEOUT);
        counter.hits = 2;
        db.save(counter).block(TIMEOUT);
        assertThat(counter.version).isEqualTo((short) 2);
        staleCounter.hits = 3;
        StepVerifier.create(db.save(staleCounter)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        Counter read = db.model(Counter.class).first(counter.id).block(TIMEOUT);
        assertThat(read.hits + ":v" + read.version).isEqualTo("2:v2");
    }

    @DatabaseTest
    void aTableWrittenByHandWithARenamedVersionColumn(Db db) {
        db.exec("CREATE TABLE accounts (account_id bigint primary key, balance numeric(12,2) not null,"
                + " row_version integer not null default 1)").block(TIMEOUT);
        db.exec("INSERT INTO accounts (account_id, balance) VALUES (?, ?)", 1L, new BigDecimal("50.00"))
                .block(TIMEOUT);
        Account created = db.create(new Account(2, "100.00")).block(TIMEOUT);
        assertThat(created.rowVersion).isEqualTo(1);

        Account a = db.model(Account.class).first(1L).block(TIMEOUT);
        Account b = db.model(Account.class).first(1L).block(TIMEOUT);
        assertThat(a.rowVersion).isEqualTo(1);
        a.balance = a.balance.add(new BigDecimal("10.00"));
        b.balance = b.balance.subtract(new BigDecimal("20.00"));
        StepVerifier.create(db.save(a).map(x -> x.rowVersion)).expectNext(2).verifyComplete();
        StepVerifier.create(db.save(b)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        Account read = db.model(Account.class).first(1L).block(TIMEOUT);
        assertThat(read.balance).isEqualByComparingTo("60.00");
        assertThat(read.rowVersion).isEqualTo(2);

        Account other = db.model(Account.class).first(2L).block(TIMEOUT);
        StepVerifier.create(db.model(other).update("balance", new BigDecimal("1.50"))).expectNext(1L)
                .verifyComplete();
        assertThat(other.rowVersion).isEqualTo(2);
        StepVerifier.create(db.model(created).update("balance", new BigDecimal("9.99")))
                .expectError(OptimisticLockException.class).verify(TIMEOUT);
        StepVerifier.create(db.delete(created)).expectError(OptimisticLockException.class).verify(TIMEOUT);
        StepVerifier.create(db.delete(other)).expectNext(1L).verifyComplete();
        assertThat(db.model(Account.class).count().block(TIMEOUT)).isEqualTo(1);
    }
}
