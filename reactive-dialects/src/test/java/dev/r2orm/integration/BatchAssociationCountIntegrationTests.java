package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.R2ormException;
import dev.r2orm.integration.AssociationModels.Cat;
import dev.r2orm.integration.AssociationModels.Comment;
import dev.r2orm.integration.AssociationModels.Company;
import dev.r2orm.integration.AssociationModels.CreditCard;
import dev.r2orm.integration.AssociationModels.Dog;
import dev.r2orm.integration.AssociationModels.Language;
import dev.r2orm.integration.AssociationModels.Member;
import dev.r2orm.integration.AssociationModels.Post;
import dev.r2orm.integration.AssociationModels.Toy;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@code db.association(owners, name, type).count()}: one statement for every owner, whatever their number. */
class BatchAssociationCountIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Db logged(Db db, TestDatabase target, List<String> statements) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> statements.add(sql.sql()))).build());
    }

    /** ann: 2 languages, 2 posts, a card, acme; bob: 1 language, no post, acme; cid: nothing. */
    private static List<Member> seed(Db db) {
        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class, Dog.class, Cat.class, Toy.class).block(TIMEOUT);
        Company acme = db.create(new Company("acme")).block(TIMEOUT);
        Member ann = new Member("ann");
        ann.companyId = acme.id;
        ann.creditCard = new CreditCard("1111", null);
        ann.posts = List.of(new Post("a", null), new Post("b", null));
        ann.languages = List.of(new Language("en", "English"), new Language("de", "German"));
        Member bob = new Member("bob");
        bob.companyId = acme.id;
        Member cid = new Member("cid");
        db.create(ann).block(TIMEOUT);
        db.create(bob).block(TIMEOUT);
        db.create(cid).block(TIMEOUT);
        db.model(bob).association("Languages", Language.class).append(List.of(new Language("en", "English")))
                .block(TIMEOUT);
        return List.of(ann, bob, cid);
    }

    /** The count owner by owner, as the sum the batch count must equal. */
    private static long oneByOne(Db db, List<Member> owners, String name, Class<?> type) {
        return Flux.fromIterable(owners).concatMap(o -> db.model(o).association(name, type).count())
                .reduce(0L, Long::sum).block(TIMEOUT);
    }

    @DatabaseTest
    void everyKindIsCountedForAllOwnersInOneStatement(Db db, TestDatabase target) {
        List<Member> owners = seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        try (Db counted = logged(db, target, statements)) {
            record Case(String name, Class<?> type, long expected) {
            }
            for (Case c : List.of(new Case("Languages", Language.class, 3), new Case("Posts", Post.class, 2),
                    new Case("CreditCard", CreditCard.class, 1), new Case("Company", Company.class, 2))) {
                statements.clear();
                StepVerifier.create(counted.association(owners, c.name(), c.type()).count())
                        .expectNext(c.expected()).verifyComplete();
                assertThat(statements).as(c.name()).singleElement()
                        .satisfies(s -> assertThat(s).contains("GROUP BY").contains("COUNT(*)"));
                assertThat(oneByOne(db, owners, c.name(), c.type())).as(c.name()).isEqualTo(c.expected());
            }

            statements.clear();
            List<Member> twice = List.of(owners.get(0), owners.get(1), owners.get(0));
            StepVerifier.create(counted.association(twice, "Languages", Language.class).count())
                    .expectNext(5L).verifyComplete();
            StepVerifier.create(counted.association(List.of(), "Languages", Language.class).count())
                    .expectNext(0L).verifyComplete();
            StepVerifier.create(counted.association(List.of(owners.get(2)), "Company", Company.class).count())
                    .expectNext(0L).verifyComplete();
            assertThat(statements).hasSize(1);

            StepVerifier.create(counted.association(List.of(owners.get(0), new Member("new")), "Posts", Post.class)
                            .count())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2ormException.class)
                            .hasMessageContaining("not set"))
                    .verify(TIMEOUT);
        }
    }

    @DatabaseTest
    void polymorphicTargetsAreCountedForTheirOwnersOnly(Db db, TestDatabase target) {
        seed(db);
        Dog rex = db.create(new Dog("rex")).block(TIMEOUT);
        Dog max = db.create(new Dog("max")).block(TIMEOUT);
        Cat tom = db.create(new Cat("tom")).block(TIMEOUT);
        db.createAll(List.of(new Toy("ball", rex.id, "dogs"), new Toy("bone", rex.id, "dogs"),
                new Toy("rope", max.id, "dogs"), new Toy("yarn", tom.id, "kitty"))).blockLast(TIMEOUT);
        List<String> statements = new CopyOnWriteArrayList<>();
        try (Db counted = logged(db, target, statements)) {
            StepVerifier.create(counted.association(List.of(rex, max), "Toys", Toy.class).count())
                    .expectNext(3L).verifyComplete();
            StepVerifier.create(counted.association(List.of(tom), "Toy", Toy.class).count())
                    .expectNext(1L).verifyComplete();
            assertThat(statements).hasSize(2);
        }
    }
}
