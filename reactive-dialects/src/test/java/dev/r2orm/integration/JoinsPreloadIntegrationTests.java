package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.InvalidModelException;
import dev.r2orm.integration.AssociationModels.Comment;
import dev.r2orm.integration.AssociationModels.Company;
import dev.r2orm.integration.AssociationModels.CreditCard;
import dev.r2orm.integration.AssociationModels.Employee;
import dev.r2orm.integration.AssociationModels.Language;
import dev.r2orm.integration.AssociationModels.Member;
import dev.r2orm.integration.AssociationModels.Post;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.test.StepVerifier;

class JoinsPreloadIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void seed(Db db) {
        db.migrator().autoMigrate(Company.class, Member.class, CreditCard.class, Post.class, Comment.class,
                Language.class, Employee.class).block(TIMEOUT);
        Member a = new Member("a");
        a.company = new Company("acme");
        a.creditCard = new CreditCard("1", null);
        db.create(a).block(TIMEOUT);
        Member b = new Member("b");
        b.company = new Company("globex");
        db.create(b).block(TIMEOUT);
        db.create(new Member("c")).block(TIMEOUT);
    }

    @DatabaseTest
    void toOneAssociationsLoadInTheSameQuery(Db db, TestDatabase target) {
        seed(db);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, e, rows, err, ctx) -> statements.add(sql.sql()))).build());
        List<Member> members = counted.model(Member.class).joins("Company").joins("CreditCard").order("id").find()
                .collectList().block(TIMEOUT);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0)).contains("LEFT JOIN");
        assertThat(members).extracting(m -> m.name).containsExactly("a", "b", "c");
        assertThat(members.get(0).company.name).isEqualTo("acme");
        assertThat(members.get(0).creditCard.number).isEqualTo("1");
        assertThat(members.get(1).company.name).isEqualTo("globex");
        assertThat(members.get(1).creditCard).isNull();
        assertThat(members.get(2).company).isNull();
    }

    @DatabaseTest
    void conditionsGoIntoTheJoinAndInnerJoinsDropUnmatchedRows(Db db) {
        seed(db);
        StepVerifier.create(db.model(Member.class).joins("Company", q -> q.where(Map.of("name", "acme"))).order("id")
                        .find().map(m -> m.name + ":" + (m.company == null ? "-" : m.company.name)))
                .expectNext("a:acme", "b:-", "c:-").verifyComplete();
        StepVerifier.create(db.model(Member.class).innerJoins("Company").order("id").find().map(m -> m.name))
                .expectNext("a", "b").verifyComplete();
        StepVerifier.create(db.model(Member.class).innerJoins("CreditCard").count()).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Member.class).joins("Company").where(Map.of("Company.name", "globex")).first()
                        .map(m -> m.name))
                .expectNext("b").verifyComplete();
    }

    @DatabaseTest
    void selfJoinsUseTheAssociationAsAlias(Db db) {
        seed(db);
        Employee boss = db.create(new Employee("boss", null)).block(TIMEOUT);
        db.create(new Employee("ann", boss.id)).block(TIMEOUT);
        StepVerifier.create(db.model(Employee.class).joins("Manager").order("id").find()
                        .map(e -> e.name + ">" + (e.manager == null ? "-" : e.manager.name)))
                .expectNext("boss>-", "ann>boss").verifyComplete();
    }

    @DatabaseTest(TestDatabase.H2)
    void collectionsCannotBeJoined(Db db) {
        seed(db);
        assertThatThrownBy(() -> db.model(Member.class).joins("Posts").find().blockLast(TIMEOUT))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("use preload");
    }
}
