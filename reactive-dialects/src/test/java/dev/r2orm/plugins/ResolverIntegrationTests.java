package dev.r2orm.plugins;

import static dev.r2orm.plugins.ReplicaPair.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.TxOptions;
import dev.r2orm.plugins.Library.Author;
import dev.r2orm.plugins.Library.Book;
import dev.r2orm.plugins.resolver.Resolver;
import dev.r2orm.testkit.Pools;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Read/write splitting on a real primary and its streaming replica (PostgreSQL, MariaDB), and on two H2 databases:
 * which server answered is asked of the server itself ({@code pg_is_in_recovery()}, {@code @@read_only}, a marker
 * table on H2).
 */
class ResolverIntegrationTests {

    @ParameterizedTest
    @EnumSource(ReplicaPair.Kind.class)
    void readsGoToTheReplicaWritesAndTransactionsToThePrimary(ReplicaPair.Kind kind) {
        try (ReplicaPair pair = ReplicaPair.of(kind)) {
            pair.createLibrary();
            Db db = pair.primary(pair.resolver().build());
            String who = pair.whoAmI();

            StepVerifier.create(db.raw(who).scan(String.class)).expectNext("replica").verifyComplete();
            StepVerifier.create(db.raw(who).scan(String.class).contextWrite(Resolver.write()))
                    .expectNext("primary").verifyComplete();
            StepVerifier.create(db.transaction(tx -> tx.raw(who).scan(String.class)))
                    .as("every statement of a transaction on the primary").expectNext("primary").verifyComplete();
            StepVerifier.create(db.transaction(TxOptions.builder().readOnly(true).build(),
                            tx -> tx.raw(who).scan(String.class)))
                    .as("a read-only transaction on the replica").expectNext("replica").verifyComplete();
            StepVerifier.create(db.exec(who.replace("SELECT", "SELECT /* exec */")))
                    .as("exec is a write, even of a SELECT").expectNextCount(1).verifyComplete();

            // writes reach the primary (the replica refuses them), and their rows are read back from the replica
            Library.fill(db);
            pair.exec("INSERT INTO books (author_id, title) SELECT id, 'Solaris II' FROM authors WHERE name = 'Lem'");
            pair.awaitReplica();
            if (kind == ReplicaPair.Kind.H2) {
                StepVerifier.create(db.model(Author.class).count()).as("H2's replica is not replicated to")
                        .expectNext(0L).verifyComplete();
            } else {
                StepVerifier.create(db.model(Author.class).preload("books").order("name").find()
                                .map(a -> a.name + ":" + a.books.size()))
                        .expectNext("Le Guin:2", "Lem:2").verifyComplete();
                StepVerifier.create(db.model(Book.class).where("title = ?", "Solaris II").count()
                        .contextWrite(Resolver.read())).expectNext(1L).verifyComplete();
            }
            StepVerifier.create(db.model(Author.class).count().contextWrite(Resolver.write()))
                    .expectNext(2L).verifyComplete();
            StepVerifier.create(db.raw(who).scan(String.class).contextWrite(Resolver.use("reporting")))
                    .expectErrorMessage("Resolver.use: no group named 'reporting'; the groups are [default]")
                    .verify(TIMEOUT);
            Pools.awaitIdle(db, Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(ReplicaPair.Kind.class)
    void aPipelineReadsItsOwnWritesUnderReplicationLag(ReplicaPair.Kind kind) {
        try (ReplicaPair pair = ReplicaPair.of(kind)) {
            pair.createLibrary();
            Db db = pair.primary(pair.resolver().readYourWrites(Duration.ofMillis(800)).build());
            pair.pauseReplay();
            try {
                Mono<Long> written = db.create(new Author("Tokarczuk"))
                        .then(db.model(Author.class).where("name = ?", "Tokarczuk").count());
                StepVerifier.create(written.contextWrite(Resolver.readYourWrites()))
                        .as("its own write, read back from the primary").expectNext(1L).verifyComplete();
                StepVerifier.create(db.create(new Author("Mrozek")).contextWrite(Resolver.readYourWrites())
                                .then(db.model(Author.class).where("name = ?", "Mrozek").count())
                                .contextWrite(Resolver.readYourWrites()))
                        .as("the write was another pipeline's: this one reads the lagging replica").expectNext(0L)
                        .verifyComplete();
                StepVerifier.create(db.model(Author.class).count())
                        .as("without read-your-writes the read goes to the lagging replica").expectNext(0L)
                        .verifyComplete();
                StepVerifier.create(db.create(new Author("Szymborska"))
                                .then(Mono.delay(Duration.ofMillis(1000)))
                                .then(db.model(Author.class).where("name = ?", "Szymborska").count())
                                .contextWrite(Resolver.readYourWrites()))
                        .as("once the window is over, reads go back to the replica").expectNext(0L).verifyComplete();
            } finally {
                pair.resumeReplay();
            }
            pair.awaitReplica();
            if (kind != ReplicaPair.Kind.H2) {
                StepVerifier.create(db.model(Author.class).count()).as("replayed").expectNext(3L).verifyComplete();
            }
            Pools.awaitIdle(db, Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(ReplicaPair.Kind.class)
    void aGroupServesItsModelsAndTablesAndItsName(ReplicaPair.Kind kind) {
        try (ReplicaPair pair = ReplicaPair.of(kind)) {
            pair.createLibrary();
            Library.fill(pair.plain(pair.primaryUrl));
            pair.awaitReplica();
            Resolver.Builder builder = Resolver.builder();
            builder.group("catalog", g -> {
                pair.replicaOf(g);
                g.models(Book.class).tables("books");
            });
            Db db = pair.primary(builder.build());
            pair.pauseReplay();
            try {
                Db primary = pair.plain(pair.primaryUrl);
                primary.exec("INSERT INTO authors (name) VALUES ('Kapuscinski')").block(TIMEOUT);
                primary.exec("INSERT INTO books (author_id, title) SELECT id, 'Imperium' FROM authors"
                        + " WHERE name = 'Kapuscinski'").block(TIMEOUT);
                long booksOnReplica = kind == ReplicaPair.Kind.H2 ? 0 : 3;
                StepVerifier.create(db.model(Book.class).count()).as("Book is the catalog's: its replica lags")
                        .expectNext(booksOnReplica).verifyComplete();
                StepVerifier.create(db.model(Author.class).count())
                        .as("the default group has no replica: its reads go to the primary").expectNext(3L)
                        .verifyComplete();
                StepVerifier.create(db.table("books").count()).as("the table books is the catalog's too")
                        .expectNext(booksOnReplica).verifyComplete();
                StepVerifier.create(db.table("authors").count()).expectNext(3L).verifyComplete();
                StepVerifier.create(db.raw(pair.whoAmI()).scan(String.class).contextWrite(Resolver.use("catalog")))
                        .expectNext("replica").verifyComplete();
                StepVerifier.create(db.raw(pair.whoAmI()).scan(String.class)).expectNext("primary").verifyComplete();
                StepVerifier.create(db.model(Book.class).count().contextWrite(Resolver.write()))
                        .expectNext(4L).verifyComplete();
            } finally {
                pair.resumeReplay();
            }
            Pools.awaitIdle(db, Duration.ofSeconds(10));
        }
    }
}
