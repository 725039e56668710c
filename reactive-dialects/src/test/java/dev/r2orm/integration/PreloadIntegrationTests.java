package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Associations;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.integration.AssociationModels.Cat;
import dev.r2orm.integration.AssociationModels.Comment;
import dev.r2orm.integration.AssociationModels.Company;
import dev.r2orm.integration.AssociationModels.CreditCard;
import dev.r2orm.integration.AssociationModels.Dog;
import dev.r2orm.integration.AssociationModels.Employee;
import dev.r2orm.integration.AssociationModels.Language;
import dev.r2orm.integration.AssociationModels.Member;
import dev.r2orm.integration.AssociationModels.Orphan;
import dev.r2orm.integration.AssociationModels.Post;
import dev.r2orm.integration.AssociationModels.Toy;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import reactor.test.StepVerifier;

class PreloadIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A view of the test's database that records every statement it runs. */
    private static Db counting(Db db, TestDatabase target, List<String> statements) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> statements.add(sql.sql()))).build());
    }

    private static List<Member> seedMembers(Db db, int members) {
        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class).block(TIMEOUT);
        List<Company> companies = db.createAll(List.of(new Company("acme"), new Company("globex"))).collectList()
                .block(TIMEOUT);
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Member m = new Member("m" + i);
            m.companyId = i % 3 == 2 ? null : companies.get(i % 2).id;
            list.add(m);
        }
        List<Member> saved = db.createAll(list).collectList().block(TIMEOUT);
        List<Post> posts = new ArrayList<>();
        List<CreditCard> cards = new ArrayList<>();
        for (Member m : saved) {
            if (m.id % 2 == 0) {
                cards.add(new CreditCard("cc" + m.id, m.id));
            }
            for (int p = 0; p < m.id % 3; p++) {
                posts.add(new Post("p" + m.id + "-" + p, m.id));
            }
        }
        db.createAll(cards).blockLast(TIMEOUT);
        List<Post> savedPosts = db.createAll(posts).collectList().block(TIMEOUT);
        List<Comment> comments = new ArrayList<>();
        for (Post p : savedPosts) {
            comments.add(new Comment("c-" + p.title, p.id));
        }
        db.createAll(comments).blockLast(TIMEOUT);
        db.createAll(List.of(new Language("en", "English"), new Language("de", "German"))).blockLast(TIMEOUT);
        db.exec("INSERT INTO member_languages (member_id, language_code) VALUES (?, ?), (?, ?), (?, ?)",
                saved.get(0).id, "en", saved.get(0).id, "de", saved.get(1).id, "de").block(TIMEOUT);
        return saved;
    }

    @DatabaseTest
    void everyKindLoadsWithOneQueryPerAssociationWhateverTheNumberOfParents(Db db, TestDatabase target) {
        List<Member> saved = seedMembers(db, 30);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Member> members = counted.model(Member.class).order("id").preload("Company").preload("CreditCard")
                .preload("Posts.Comments").preload("Languages").find().collectList().block(TIMEOUT);

        assertThat(statements).hasSize(6); // members, companies, credit cards, posts, comments, languages
        assertThat(statements.stream().filter(s -> s.contains(" IN (")).count()).isEqualTo(5);
        assertThat(members).hasSize(30);
        for (Member m : members) {
            assertThat(m.company == null).isEqualTo(m.companyId == null);
            if (m.company != null) {
                assertThat(m.company.id).isEqualTo(m.companyId);
            }
            assertThat(m.creditCard == null).isEqualTo(m.id % 2 != 0);
            assertThat(m.posts).hasSize((int) (m.id % 3));
            m.posts.forEach(p -> {
                assertThat(p.memberId).isEqualTo(m.id);
                assertThat(p.comments).extracting(c -> c.body).containsExactly("c-" + p.title);
            });
        }
        assertThat(members.get(0).languages).extracting(l -> l.code).containsExactlyInAnyOrder("en", "de");
        assertThat(members.get(1).languages).extracting(l -> l.code).containsExactly("de");
        assertThat(members.get(2).languages).isEmpty();
        assertThat(saved).hasSize(30);
    }

    @DatabaseTest
    void conditionsApplyToThePreloadedRowsOnly(Db db) {
        seedMembers(db, 9);
        List<Member> members = db.model(Member.class).order("id")
                .preload("Posts", q -> q.where("title LIKE ?", "%-1").order("id desc"))
                .find().collectList().block(TIMEOUT);
        assertThat(members).hasSize(9);
        members.forEach(m -> assertThat(m.posts).allMatch(p -> p.title.endsWith("-1")));
        assertThat(members.stream().mapToInt(m -> m.posts.size()).sum()).isEqualTo(3);
    }

    @DatabaseTest
    void allAssociationsAndFirstAndEmptyResults(Db db, TestDatabase target) {
        List<Member> saved = seedMembers(db, 4);
        StepVerifier.create(db.model(Member.class).preload(Associations.ALL).first(saved.get(0).id))
                .assertNext(m -> {
                    assertThat(m.company).isNotNull();
                    assertThat(m.posts).isNotNull();
                    assertThat(m.languages).hasSize(2);
                })
                .verifyComplete();
        List<String> statements = new CopyOnWriteArrayList<>();
        StepVerifier.create(counting(db, target, statements).model(Member.class).where("name = ?", "nobody")
                .preload("Posts").find()).verifyComplete();
        assertThat(statements).hasSize(1);
    }

    @DatabaseTest
    void polymorphicAssociationsFilterOnTheTypeValue(Db db) {
        db.migrator().autoMigrate(Dog.class, Cat.class, Toy.class).block(TIMEOUT);
        Dog rex = db.create(new Dog("rex")).block(TIMEOUT);
        Cat tom = db.create(new Cat("tom")).block(TIMEOUT);
        db.createAll(List.of(new Toy("ball", rex.id, "dogs"), new Toy("bone", rex.id, "dogs"),
                new Toy("mouse", tom.id, "kitty"), new Toy("stray", rex.id, "cats"))).blockLast(TIMEOUT);
        StepVerifier.create(db.model(Dog.class).preload("Toys").first())
                .assertNext(d -> assertThat(d.toys).extracting(t -> t.name).containsExactlyInAnyOrder("ball", "bone"))
                .verifyComplete();
        StepVerifier.create(db.model(Cat.class).preload("Toy").first())
                .assertNext(c -> assertThat(c.toy.name).isEqualTo("mouse"))
                .verifyComplete();
    }

    @DatabaseTest
    void selfReferences(Db db) {
        db.migrator().autoMigrate(Employee.class).block(TIMEOUT);
        Employee boss = db.create(new Employee("boss", null)).block(TIMEOUT);
        List<Employee> staff = db.createAll(List.of(new Employee("ann", boss.id), new Employee("bob", boss.id)))
                .collectList().block(TIMEOUT);
        db.exec("INSERT INTO employee_friends (employee_id, friend_id) VALUES (?, ?)", staff.get(0).id,
                staff.get(1).id).block(TIMEOUT);
        List<Employee> all = db.model(Employee.class).order("id").preload("Manager").preload("Team")
                .preload("Friends").find().collectList().block(TIMEOUT);
        assertThat(all.get(0).manager).isNull();
        assertThat(all.get(0).team).extracting(e -> e.name).containsExactlyInAnyOrder("ann", "bob");
        assertThat(all.get(1).manager.name).isEqualTo("boss");
        assertThat(all.get(1).friends).extracting(e -> e.name).containsExactly("bob");
        assertThat(all.get(2).friends).isEmpty();
    }

    @DatabaseTest(TestDatabase.H2)
    void aWrongDeclarationFailsAtFirstUseNamingClassFieldAndExpectation(Db db) {
        assertThatThrownBy(() -> db.migrator().autoMigrate(Orphan.class).block(TIMEOUT))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("association company of " + Orphan.class.getName())
                .hasMessageContaining("Orphan.companyId (belongs-to) or Company.orphanId (has-one)");
        assertThatThrownBy(() -> db.model(Member.class).preload("Nope").find().blockLast(TIMEOUT))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("no association named nope");
    }

    @DatabaseTest
    void preloadInsideATransactionUsesItsConnection(Db db) {
        seedMembers(db, 12);
        StepVerifier.create(db.transaction(tx -> tx.model(Member.class).preload("Posts.Comments").preload("Company")
                        .find()).collectList().map(List::size))
                .expectNext(12).verifyComplete();
        StepVerifier.create(db.transaction(tx -> tx.model(Member.class).preload("Posts").find().take(3))
                        .map(m -> m.posts != null).collect(Collectors.toList()))
                .expectNext(List.of(true, true, true)).verifyComplete();
    }
}
