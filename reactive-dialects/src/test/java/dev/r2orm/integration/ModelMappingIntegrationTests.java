package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.DuplicatedKeyException;
import dev.r2orm.InvalidModelException;
import dev.r2orm.integration.Models.Account;
import dev.r2orm.integration.Models.Broken;
import dev.r2orm.integration.Models.Event;
import dev.r2orm.integration.Models.Language;
import dev.r2orm.integration.Models.ProductTranslation;
import dev.r2orm.schema.NamingStrategy;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import reactor.test.StepVerifier;

class ModelMappingIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DatabaseTest
    void theDialectIsFoundFromTheDriver(Db db, TestDatabase target) {
        db.migrator().autoMigrate(Language.class).block(TIMEOUT);
        assertThat(db.dialect().name()).isEqualTo(switch (target) {
            case H2 -> "H2";
            case POSTGRESQL -> "PostgreSQL";
            default -> "MariaDB";
        });
    }

    @DatabaseTest
    void baseModelFieldsAreMappedAndFilled(Db db) {
        db.migrator().autoMigrate(Account.class).block(TIMEOUT);
        Account a = new Account();
        a.owner = "ann";
        a.cents = 1_000L;
        StepVerifier.create(db.create(a))
                .assertNext(created -> {
                    assertThat(created.getId()).isPositive();
                    assertThat(created.getCreatedAt()).isNotNull();
                    assertThat(created.getUpdatedAt()).isEqualTo(created.getCreatedAt());
                    assertThat(created.getDeletedAt()).isNull();
                })
                .verifyComplete();
        StepVerifier.create(db.model(Account.class).where("owner = ?", "ann").first())
                .assertNext(read -> {
                    assertThat(read.getId()).isEqualTo(a.getId());
                    assertThat(read.cents).isEqualTo(1_000L);
                    assertThat(read.getCreatedAt()).isEqualTo(a.getCreatedAt());
                })
                .verifyComplete();
    }

    @DatabaseTest
    void stringPrimaryKeyIsWrittenAsGivenAndDuplicatesAreTyped(Db db) {
        db.migrator().autoMigrate(Language.class).block(TIMEOUT);
        Language en = new Language();
        en.code = "en";
        en.name = "English";
        Language de = new Language();
        de.code = "de";
        de.name = "German";
        StepVerifier.create(db.createAll(List.of(en, de)).map(l -> l.code)).expectNext("en", "de").verifyComplete();
        StepVerifier.create(db.model(Language.class).first().map(l -> l.name)).expectNext("German").verifyComplete();
        StepVerifier.create(db.model(Language.class).last().map(l -> l.name)).expectNext("English").verifyComplete();
        StepVerifier.create(db.create(en)).expectError(DuplicatedKeyException.class).verify(TIMEOUT);
    }

    @DatabaseTest
    void compositeKeysColumnNamesAndIgnoredFields(Db db) {
        db.migrator().autoMigrate(ProductTranslation.class).block(TIMEOUT);
        ProductTranslation a = translation(2, "en", "Chair");
        ProductTranslation b = translation(1, "fr", "Chaise");
        ProductTranslation c = translation(1, "de", "Stuhl");
        a.scratch = "not stored";
        db.createAll(List.of(a, b, c)).blockLast(TIMEOUT);

        StepVerifier.create(db.model(ProductTranslation.class).find().map(t -> t.productId + t.locale).collectList())
                .assertNext(keys -> assertThat(keys).containsExactlyInAnyOrder("2en", "1fr", "1de"))
                .verifyComplete();
        StepVerifier.create(db.model(ProductTranslation.class).first())
                .assertNext(t -> {
                    assertThat(t.productId).isEqualTo(1);
                    assertThat(t.locale).isEqualTo("de");
                    assertThat(t.title).isEqualTo("Stuhl");
                    assertThat(t.scratch).isNull();
                })
                .verifyComplete();
        StepVerifier.create(db.model(ProductTranslation.class).where("title_text = ?", "Chair").count())
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.create(translation(1, "de", "again"))).expectError(DuplicatedKeyException.class)
                .verify(TIMEOUT);
    }

    private static ProductTranslation translation(long id, String locale, String title) {
        ProductTranslation t = new ProductTranslation();
        t.productId = id;
        t.locale = locale;
        t.title = title;
        return t;
    }

    @DatabaseTest
    void recordsWithPrimitivesAndLocalDateTime(Db db) {
        db.migrator().autoMigrate(Event.class).block(TIMEOUT);
        LocalDateTime at = LocalDateTime.of(2026, 11, 25, 13, 45, 30, 123_456_000);
        StepVerifier.create(db.create(new Event(null, 3, true, at)))
                .assertNext(e -> assertThat(e.id()).isPositive())
                .verifyComplete();
        StepVerifier.create(db.model(Event.class).where("urgent = ?", true).first())
                .assertNext(e -> {
                    assertThat(e.priority()).isEqualTo(3);
                    assertThat(e.urgent()).isTrue();
                    assertThat(e.at()).isEqualTo(at);
                })
                .verifyComplete();
    }

    @DatabaseTest(TestDatabase.H2)
    void anUnmappableClassFailsAtFirstUseNamingClassFieldAndFix(Db db) {
        assertThatThrownBy(() -> db.model(Broken.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(Broken.class.getName())
                .hasMessageContaining("field tags")
                .hasMessageContaining("@Ignore");
        Broken b = new Broken();
        StepVerifier.create(db.create(b)).expectError(InvalidModelException.class).verify(TIMEOUT);
        StepVerifier.create(db.migrator().autoMigrate(Broken.class)).expectError(InvalidModelException.class)
                .verify(TIMEOUT);
    }

    @DatabaseTest
    void namingStrategyFromConfigChangesTableNames(Db db, TestDatabase target) {
        Db prefixed = Db.open(db.connectionFactory(), target.configure(Config.builder()
                .namingStrategy(NamingStrategy.defaults().withTablePrefix("app_").withSingularTables(true))).build());
        StepVerifier.create(prefixed.migrator().autoMigrate(Language.class)
                        .then(prefixed.migrator().hasTable("app_language")))
                .expectNext(true).verifyComplete();
        StepVerifier.create(db.migrator().hasTable(Language.class)).expectNext(false).verifyComplete();
        Language l = new Language();
        l.code = "it";
        l.name = "Italian";
        StepVerifier.create(prefixed.create(l).then(prefixed.model(Language.class).count())).expectNext(1L)
                .verifyComplete();
    }
}
