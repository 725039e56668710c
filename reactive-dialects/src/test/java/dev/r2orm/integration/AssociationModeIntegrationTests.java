package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Association;
import dev.r2orm.Db;
import dev.r2orm.integration.AssociationModels.Comment;
import dev.r2orm.integration.AssociationModels.Company;
import dev.r2orm.integration.AssociationModels.CreditCard;
import dev.r2orm.integration.AssociationModels.Language;
import dev.r2orm.integration.AssociationModels.Member;
import dev.r2orm.integration.AssociationModels.Post;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AssociationModeIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Member seeded(Db db) {
        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class).block(TIMEOUT);
        Member m = new Member("ann");
        m.company = new Company("acme");
        m.creditCard = new CreditCard("1111", null);
        m.posts = List.of(new Post("a", null), new Post("b", null));
        m.languages = List.of(new Language("en", "English"), new Language("de", "German"));
        return db.create(m).block(TIMEOUT);
    }

    @DatabaseTest
    void manyToMany(Db db) {
        Member m = seeded(db);
        Association<Language> languages = db.model(m).association("Languages", Language.class);
        StepVerifier.create(languages.count()).expectNext(2L).verifyComplete();

        languages.append(List.of(new Language("fr", "French"))).block(TIMEOUT);
        StepVerifier.create(languages.find().map(l -> l.code).sort()).expectNext("de", "en", "fr").verifyComplete();
        assertThat(m.languages).extracting(l -> l.code).contains("fr");

        StepVerifier.create(languages.delete(List.of(new Language("de", null)))).expectNext(1L).verifyComplete();
        StepVerifier.create(languages.find().map(l -> l.code).sort()).expectNext("en", "fr").verifyComplete();
        StepVerifier.create(db.model(Language.class).count()).expectNext(3L).verifyComplete();

        languages.replace(List.of(new Language("de", "German"))).block(TIMEOUT);
        StepVerifier.create(languages.find().map(l -> l.code)).expectNext("de").verifyComplete();

        StepVerifier.create(languages.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(languages.count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Language.class).count()).expectNext(3L).verifyComplete();
    }

    @DatabaseTest
    void hasMany(Db db) {
        Member m = seeded(db);
        Association<Post> posts = db.model(m).association("Posts", Post.class);
        posts.append(List.of(new Post("c", null))).block(TIMEOUT);
        StepVerifier.create(posts.find().map(p -> p.title).sort()).expectNext("a", "b", "c").verifyComplete();

        Post a = m.posts.stream().filter(p -> p.title.equals("a")).findFirst().orElseThrow();
        StepVerifier.create(posts.delete(List.of(a))).expectNext(1L).verifyComplete();
        StepVerifier.create(posts.count()).expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Post.class).where("title = ?", "a").first().map(p -> p.memberId == null))
                .expectNext(true).verifyComplete();

        posts.replace(List.of(a)).block(TIMEOUT);
        StepVerifier.create(posts.find().map(p -> p.title)).expectNext("a").verifyComplete();
        StepVerifier.create(posts.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(posts.count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Post.class).count()).expectNext(3L).verifyComplete();
    }

    @DatabaseTest
    void hasOneAndBelongsTo(Db db) {
        Member m = seeded(db);
        Association<CreditCard> card = db.model(m).association("CreditCard", CreditCard.class);
        card.replace(List.of(new CreditCard("2222", null))).block(TIMEOUT);
        StepVerifier.create(card.find().map(c -> c.number)).expectNext("2222").verifyComplete();
        StepVerifier.create(db.model(CreditCard.class).count()).expectNext(2L).verifyComplete();

        Association<Company> company = db.model(m).association("Company", Company.class);
        StepVerifier.create(company.find().map(c -> c.name)).expectNext("acme").verifyComplete();
        company.replace(List.of(new Company("globex"))).block(TIMEOUT);
        StepVerifier.create(company.find().map(c -> c.name)).expectNext("globex").verifyComplete();
        StepVerifier.create(db.model(Member.class).first(m.id).map(x -> x.companyId)).expectNext(m.companyId)
                .verifyComplete();
        StepVerifier.create(company.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(company.count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Member.class).first(m.id).map(x -> x.companyId == null)).expectNext(true)
                .verifyComplete();
    }

    @DatabaseTest
    void batchModeActsOnEveryOwner(Db db) {
        Member ann = seeded(db);
        Member bob = new Member("bob");
        db.create(bob).block(TIMEOUT);
        var languages = db.association(List.of(ann, bob), "Languages", Language.class);
        StepVerifier.create(languages.count()).expectNext(2L).verifyComplete();
        languages.append(List.of(List.of(new Language("fr", "French")), List.of(new Language("en", "English"))))
                .block(TIMEOUT);
        StepVerifier.create(languages.count()).expectNext(4L).verifyComplete();
        StepVerifier.create(languages.delete(List.of(new Language("en", null)))).expectNext(2L).verifyComplete();
        StepVerifier.create(languages.find().map(l -> l.code).sort()).expectNext("de", "fr").verifyComplete();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> languages.replace(List.of(List.of())))
                .withMessageContaining("1 lists of values for 2 owners");
        StepVerifier.create(languages.clear()).expectNext(2L).verifyComplete();
        StepVerifier.create(languages.count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void batchModeInATransactionRollsBackWithIt(Db db) {
        Member ann = seeded(db);
        Member bob = new Member("bob");
        db.create(bob).block(TIMEOUT);
        StepVerifier.create(db.transaction(tx -> {
                    var languages = tx.association(List.of(ann, bob), "Languages", Language.class);
                    return languages.append(List.of(List.of(new Language("fr", "French")),
                                    List.of(new Language("en", "English"))))
                            .then(languages.count())
                            .flatMap(seen -> Mono.error(new IllegalStateException("seen " + seen)));
                }))
                .expectErrorMessage("seen 4").verify(TIMEOUT);
        StepVerifier.create(db.association(List.of(ann, bob), "Languages", Language.class).count()).expectNext(2L)
                .verifyComplete();
    }
}
