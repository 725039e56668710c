package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Associations;
import dev.r2orm.Db;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AssociationWriteIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void migrate(Db db) {
        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class, Dog.class, Cat.class, Toy.class).block(TIMEOUT);
    }

    private static Member member(String name) {
        Member m = new Member(name);
        m.company = new Company("acme");
        m.creditCard = new CreditCard("4242", null);
        m.posts = new ArrayList<>(List.of(new Post("hello", null), new Post("world", null)));
        m.languages = new ArrayList<>(List.of(new Language("en", "English"), new Language("de", "German")));
        return m;
    }

    private static Member reload(Db db, long id) {
        return db.model(Member.class).preload(Associations.ALL).first(id).block(TIMEOUT);
    }

    @DatabaseTest
    void creatingAnOwnerWritesEveryAssociationInOrder(Db db) {
        migrate(db);
        Member m = db.create(member("ann")).block(TIMEOUT);
        assertThat(m.company.id).isPositive();
        assertThat(m.companyId).isEqualTo(m.company.id);
        assertThat(m.creditCard.memberId).isEqualTo(m.id);
        assertThat(m.posts).allMatch(p -> p.id != null && p.memberId.equals(m.id));

        Member read = reload(db, m.id);
        assertThat(read.company.name).isEqualTo("acme");
        assertThat(read.creditCard.number).isEqualTo("4242");
        assertThat(read.posts).extracting(p -> p.title).containsExactlyInAnyOrder("hello", "world");
        assertThat(read.languages).extracting(l -> l.code).containsExactlyInAnyOrder("en", "de");
    }

    @DatabaseTest
    void existingRowsAreLinkedNotOverwritten(Db db) {
        migrate(db);
        Company acme = db.create(new Company("acme")).block(TIMEOUT);
        db.create(new Language("en", "English")).block(TIMEOUT);
        Member m = new Member("bob");
        acme.name = "renamed in memory";
        m.company = acme;
        m.languages = List.of(new Language("en", "changed name"), new Language("fr", "French"));
        db.create(m).block(TIMEOUT);

        Member read = reload(db, m.id);
        assertThat(read.company.id).isEqualTo(acme.id);
        assertThat(read.company.name).isEqualTo("acme");
        assertThat(read.languages).extracting(l -> l.code + ":" + l.name)
                .containsExactlyInAnyOrder("en:English", "fr:French");
        StepVerifier.create(db.model(Company.class).count()).expectNext(1L).verifyComplete();
    }

    @DatabaseTest
    void omitAndSelectChooseWhichAssociationsAreWritten(Db db) {
        migrate(db);
        Member a = db.model(Member.class).omit("Company").create(member("a")).block(TIMEOUT);
        assertThat(a.companyId).isNull();
        Member b = db.model(Member.class).omit(Associations.ALL).create(member("b")).block(TIMEOUT);
        Member c = db.model(Member.class).select("Posts").create(member("c")).block(TIMEOUT);

        Member ra = reload(db, a.id);
        assertThat(ra.company).isNull();
        assertThat(ra.posts).hasSize(2);
        Member rb = reload(db, b.id);
        assertThat(rb.company).isNull();
        assertThat(rb.posts).isEmpty();
        assertThat(rb.languages).isEmpty();
        assertThat(rb.creditCard).isNull();
        Member rc = reload(db, c.id);
        assertThat(rc.posts).hasSize(2);
        assertThat(rc.company).isNull();
        assertThat(rc.creditCard).isNull();
        assertThat(rc.name).isEqualTo("c");
    }

    @DatabaseTest
    void aFailingAssociationRollsBackTheOwner(Db db) {
        migrate(db);
        Member m = member("broken");
        m.posts.get(1).title = "x".repeat(200);   // longer than the column: the second child fails
        StepVerifier.create(db.create(m)).expectError().verify(TIMEOUT);
        StepVerifier.create(db.model(Member.class).count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Company.class).count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Post.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void polymorphicChildrenGetTheOwnerType(Db db) {
        migrate(db);
        Dog rex = new Dog("rex");
        rex.toys = List.of(new Toy("ball", null, null));
        db.create(rex).block(TIMEOUT);
        Cat tom = new Cat("tom");
        tom.toy = new Toy("mouse", null, null);
        db.create(tom).block(TIMEOUT);
        StepVerifier.create(db.model(Toy.class).order("name").find().map(t -> t.name + "/" + t.ownerType + "/"
                        + (t.ownerId.equals(t.name.equals("ball") ? rex.id : tom.id))))
                .expectNext("ball/dogs/true", "mouse/kitty/true").verifyComplete();
    }

    @DatabaseTest
    void createInsideATransactionJoinsIt(Db db) {
        migrate(db);
        StepVerifier.create(db.transaction(tx -> tx.create(member("tx")).then(Mono.error(new IllegalStateException()))))
                .expectError(IllegalStateException.class).verify(TIMEOUT);
        StepVerifier.create(db.model(Post.class).count()).expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Language.class).count()).expectNext(0L).verifyComplete();
    }

    @DatabaseTest
    void fullSaveAssociationsOverwritesExistingRows(Db db) {
        migrate(db);
        Company acme = db.create(new Company("acme")).block(TIMEOUT);
        acme.name = "acme renamed";
        Member m = new Member("full");
        m.company = acme;
        db.session(dev.r2orm.Session.builder().fullSaveAssociations(true).build()).create(m).block(TIMEOUT);
        StepVerifier.create(db.model(Company.class).first(acme.id).map(c -> c.name)).expectNext("acme renamed")
                .verifyComplete();
    }

    @DatabaseTest
    void deletingAnOwnerDeletesTheSelectedAssociations(Db db) {
        migrate(db);
        Member withCard = db.create(member("card")).block(TIMEOUT);
        Member m = member("gone");
        m.creditCard = null;
        db.create(m).block(TIMEOUT);
        Member kept = db.create(member("kept")).block(TIMEOUT);
        // the credit card is not selected: its foreign key still refers to the member
        StepVerifier.create(db.model(withCard).select("Posts").delete())
                .expectError(dev.r2orm.ForeignKeyViolationException.class).verify(TIMEOUT);
        StepVerifier.create(db.model(Post.class).where("member_id = ?", withCard.id).count()).expectNext(2L)
                .verifyComplete();
        StepVerifier.create(db.model(m).select("Posts", "Languages").delete()).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Post.class).where("member_id = ?", m.id).count()).expectNext(0L)
                .verifyComplete();
        StepVerifier.create(db.model(Language.class).count()).expectNext(2L).verifyComplete();
        assertThat(reload(db, kept.id).languages).hasSize(2);

        StepVerifier.create(db.model(kept).select(Associations.ALL).delete()).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Post.class).where("member_id = ?", kept.id).count()).expectNext(0L)
                .verifyComplete();
        StepVerifier.create(db.model(CreditCard.class).where("member_id = ?", kept.id).count()).expectNext(0L)
                .verifyComplete();
        // belongs-to parents are never deleted with their children's owner
        StepVerifier.create(db.model(Company.class).count()).expectNext(3L).verifyComplete();
    }
}
