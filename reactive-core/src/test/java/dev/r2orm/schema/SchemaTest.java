package dev.r2orm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Model;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Ignore;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

    private static final NamingStrategy NAMING = NamingStrategy.defaults();

    static class CreditCard {
        Long id;
        String number;
        int expiryYear;
        Instant createdAt;
        Instant updatedAt;
    }

    static class PrimitiveId {
        long id;
        String name;
    }

    static class IntegerId {
        Integer id;
        String name;
    }

    static class StringId {
        String id;
        String name;
    }

    @Table("legacy_people")
    static class Customer {
        Long id;
        @Column(name = "mail") String email;
    }

    static class UserRole {
        @PrimaryKey Long userId;
        @PrimaryKey Long roleId;
        String grantedBy;
    }

    static class Invoice {
        @PrimaryKey Long number;
        String customer;
    }

    static class Ticket {
        @PrimaryKey(autoIncrement = false) Long code;
        String title;
    }

    static class WithSkippedFields {
        static int counter;
        transient String cache;
        @Ignore List<String> tags;
        Long id;
        String name;
    }

    static class Article extends Model {
        String title;
        int views;
    }

    record Point(long id, int x, boolean visible, String label) {
    }

    static class Counters {
        Long id;
        int hits;
        boolean active;
        double ratio;
        Integer boxedCount;
        Boolean boxedFlag;
        String label;
    }

    static class Dates {
        Long id;
        LocalDate createdAt;
        Instant updatedAt;
    }

    /** A set has no column type (a {@code List} of strings is an array column). */
    static class WithList {
        Long id;
        java.util.Set<String> tags;
    }

    static class WithObject {
        Long id;
        Object payload;
    }

    static class NoDefaultConstructor {
        Long id;

        NoDefaultConstructor(Long id) {
            this.id = id;
        }
    }

    abstract static class AbstractModel {
        Long id;
    }

    interface ModelInterface {
    }

    static class NoFields {
    }

    private static Schema parse(Class<?> type) {
        return Schema.parse(type, NAMING);
    }

    private static List<String> columns(Schema s) {
        return s.fields().stream().map(Field::column).toList();
    }

    @Test
    void conventionsGiveTheTableAndColumnNames() {
        Schema s = parse(CreditCard.class);

        assertThat(s.type()).isEqualTo(CreditCard.class);
        assertThat(s.table()).isEqualTo("credit_cards");
        assertThat(columns(s)).containsExactly("id", "number", "expiry_year", "created_at", "updated_at");
        assertThat(s.fields()).extracting(Field::name)
                .containsExactly("id", "number", "expiryYear", "createdAt", "updatedAt");
        assertThat(s.fields()).extracting(Field::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.isRecord()).isFalse();
    }

    @Test
    void boxedLongIdIsAnAutoIncrementPrimaryKey() {
        Schema s = parse(CreditCard.class);
        Field id = s.lookup("id");

        assertThat(s.primaryKeys()).containsExactly(id);
        assertThat(s.autoIncrementField()).isSameAs(id);
        assertThat(id.isPrimaryKey()).isTrue();
        assertThat(id.isAutoIncrement()).isTrue();
        assertThat(id.isNotNull()).isTrue();
        assertThat(s.lookup("number").isPrimaryKey()).isFalse();
        assertThat(s.lookup("number").isAutoIncrement()).isFalse();
    }

    @Test
    void primitiveLongAndIntegerIdsAreAutoIncrementPrimaryKeys() {
        for (Class<?> type : List.of(PrimitiveId.class, IntegerId.class)) {
            Field id = parse(type).lookup("id");

            assertThat(id.isPrimaryKey()).as(type.getSimpleName()).isTrue();
            assertThat(id.isAutoIncrement()).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void stringIdIsAPrimaryKeyButNotAutoIncrement() {
        Schema s = parse(StringId.class);
        Field id = s.lookup("id");

        assertThat(id.isPrimaryKey()).isTrue();
        assertThat(id.isAutoIncrement()).isFalse();
        assertThat(s.autoIncrementField()).isNull();
        assertThat(s.primaryKeys()).containsExactly(id);
    }

    @Test
    void tableAnnotationAndColumnNameOverrideConventions() {
        Schema s = parse(Customer.class);

        assertThat(s.table()).isEqualTo("legacy_people");
        assertThat(columns(s)).containsExactly("id", "mail");
        assertThat(s.lookup("email").column()).isEqualTo("mail");
    }

    @Test
    void tableAnnotationIgnoresPrefixAndPluralisation() {
        Schema s = Schema.parse(Customer.class, NAMING.withTablePrefix("app_"));

        assertThat(s.table()).isEqualTo("legacy_people");
        assertThat(Schema.parse(CreditCard.class, NAMING.withTablePrefix("app_")).table())
                .isEqualTo("app_credit_cards");
    }

    @Test
    void compositePrimaryKeyKeepsDeclarationOrderAndNeitherPartIsAutoIncrement() {
        Schema s = parse(UserRole.class);

        assertThat(s.primaryKeys()).extracting(Field::column).containsExactly("user_id", "role_id");
        assertThat(s.primaryKeys()).noneMatch(Field::isAutoIncrement);
        assertThat(s.primaryKeys()).allMatch(Field::isNotNull);
        assertThat(s.autoIncrementField()).isNull();
        assertThat(s.lookup("grantedBy").isPrimaryKey()).isFalse();
    }

    @Test
    void singleAnnotatedIntegerPrimaryKeyIsAutoIncrementUnlessTurnedOff() {
        Field number = parse(Invoice.class).lookup("number");
        Field code = parse(Ticket.class).lookup("code");

        assertThat(number.isPrimaryKey()).isTrue();
        assertThat(number.isAutoIncrement()).isTrue();
        assertThat(code.isPrimaryKey()).isTrue();
        assertThat(code.isAutoIncrement()).isFalse();
    }

    @Test
    void ignoredStaticAndTransientFieldsAreSkipped() {
        Schema s = parse(WithSkippedFields.class);

        assertThat(columns(s)).containsExactly("id", "name");
        assertThat(s.lookup("counter")).isNull();
        assertThat(s.lookup("cache")).isNull();
        assertThat(s.lookup("tags")).isNull();
    }

    @Test
    void superclassFieldsComeFirst() {
        Schema s = parse(Article.class);

        assertThat(s.table()).isEqualTo("articles");
        assertThat(columns(s)).containsExactly("id", "created_at", "updated_at", "deleted_at", "title", "views");
        assertThat(s.autoIncrementField()).isSameAs(s.lookup("id"));
        assertThat(s.lookup("createdAt").isAutoCreateTime()).isTrue();
        assertThat(s.lookup("updatedAt").isAutoUpdateTime()).isTrue();
        assertThat(s.lookup("deletedAt").isAutoCreateTime()).isFalse();
        assertThat(s.lookup("deletedAt").isAutoUpdateTime()).isFalse();
    }

    @Test
    void superclassFieldsAreReadAndWrittenThroughTheSubclass() {
        Schema s = parse(Article.class);
        Article a = new Article();
        a.setId(7L);
        a.title = "hello";

        assertThat(s.lookup("id").get(a)).isEqualTo(7L);
        assertThat(s.lookup("title").get(a)).isEqualTo("hello");

        s.lookup("id").set(a, 8L);
        assertThat(a.getId()).isEqualTo(8L);
    }

    @Test
    void recordsInstantiateThroughTheCanonicalConstructor() {
        Schema s = parse(Point.class);

        Object p = s.instantiate(new Object[] {3L, 4, true, "a"});

        assertThat(s.isRecord()).isTrue();
        assertThat(s.table()).isEqualTo("points");
        assertThat(p).isEqualTo(new Point(3L, 4, true, "a"));
    }

    @Test
    void recordPrimitiveComponentsDefaultToZero() {
        Schema s = parse(Point.class);

        Object p = s.instantiate(new Object[] {null, null, null, "only label"});

        assertThat(p).isEqualTo(new Point(0L, 0, false, "only label"));
    }

    @Test
    void withOnARecordReturnsANewRecordAndLeavesTheOriginal() {
        Schema s = parse(Point.class);
        Point original = new Point(0L, 1, true, "a");

        Object updated = s.with(original, s.lookup("id"), 42L);

        assertThat(updated).isNotSameAs(original).isEqualTo(new Point(42L, 1, true, "a"));
        assertThat(original.id()).isZero();
    }

    @Test
    void settingARecordFieldInPlaceIsRejected() {
        Schema s = parse(Point.class);

        assertThatThrownBy(() -> s.lookup("x").set(new Point(1L, 1, true, "a"), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x")
                .hasMessageContaining("record");
    }

    @Test
    void withOnAClassChangesTheSameInstance() {
        Schema s = parse(CreditCard.class);
        CreditCard card = new CreditCard();

        Object updated = s.with(card, s.lookup("id"), 5L);

        assertThat(updated).isSameAs(card);
        assertThat(card.id).isEqualTo(5L);
    }

    @Test
    void instantiateOfAClassSetsNonNullValuesAndLeavesPrimitivesAtZero() {
        Schema s = parse(CreditCard.class);
        Instant now = Instant.parse("2024-01-02T03:04:05Z");

        CreditCard card = (CreditCard) s.instantiate(new Object[] {1L, "4111", null, now, null});

        assertThat(card.id).isEqualTo(1L);
        assertThat(card.number).isEqualTo("4111");
        assertThat(card.expiryYear).isZero();
        assertThat(card.createdAt).isEqualTo(now);
        assertThat(card.updatedAt).isNull();
    }

    @Test
    void createdAtAndUpdatedAtAreTrackedWhenTheyCanHoldATime() {
        Schema s = parse(CreditCard.class);

        assertThat(s.lookup("createdAt").isAutoCreateTime()).isTrue();
        assertThat(s.lookup("createdAt").isAutoUpdateTime()).isFalse();
        assertThat(s.lookup("updatedAt").isAutoUpdateTime()).isTrue();
        assertThat(s.lookup("updatedAt").isAutoCreateTime()).isFalse();
        assertThat(s.lookup("number").isAutoCreateTime()).isFalse();
    }

    @Test
    void createdAtOfADateTypeIsNotTracked() {
        Schema s = parse(Dates.class);

        assertThat(s.lookup("createdAt").isAutoCreateTime()).isFalse();
        assertThat(s.lookup("updatedAt").isAutoUpdateTime()).isTrue();
    }

    @Test
    void nullIsZeroForEveryField() {
        Schema s = parse(Counters.class);

        assertThat(s.fields()).allMatch(f -> f.isZero(null));
    }

    @Test
    void zeroAndFalseInPrimitiveFieldsCountAsZero() {
        Schema s = parse(Counters.class);

        assertThat(s.lookup("hits").isZero(0)).isTrue();
        assertThat(s.lookup("hits").isZero(1)).isFalse();
        assertThat(s.lookup("active").isZero(false)).isTrue();
        assertThat(s.lookup("active").isZero(true)).isFalse();
        assertThat(s.lookup("ratio").isZero(0d)).isTrue();
        assertThat(s.lookup("ratio").isZero(0.5d)).isFalse();
    }

    @Test
    void zeroAndFalseInBoxedNonKeyFieldsAreValues() {
        Schema s = parse(Counters.class);

        assertThat(s.lookup("boxedCount").isZero(0)).isFalse();
        assertThat(s.lookup("boxedFlag").isZero(false)).isFalse();
        assertThat(s.lookup("label").isZero("")).isFalse();
    }

    @Test
    void zeroInAnAutoIncrementKeyCountsAsUnset() {
        Field id = parse(Counters.class).lookup("id");

        assertThat(id.isZero(0L)).isTrue();
        assertThat(id.isZero(1L)).isFalse();
    }

    @Test
    void lookupFindsByFieldNameAndByColumnNameIgnoringCase() {
        Schema s = parse(CreditCard.class);
        Field expiry = s.fields().get(2);

        assertThat(s.lookup("expiryYear")).isSameAs(expiry);
        assertThat(s.lookup("expiry_year")).isSameAs(expiry);
        assertThat(s.lookup("EXPIRY_YEAR")).isSameAs(expiry);
        assertThat(s.fieldByColumn("Expiry_Year")).isSameAs(expiry);
        assertThat(s.lookup("missing")).isNull();
        assertThat(s.fieldByColumn("expiryYear")).isNull();
    }

    @Test
    void fieldGetAndSetReadAndWriteThePlainField() {
        Schema s = parse(Counters.class);
        Counters c = new Counters();

        s.lookup("hits").set(c, 3);
        s.lookup("label").set(c, "x");
        s.lookup("hits").set(c, null);

        assertThat(c.hits).isEqualTo(3);
        assertThat(c.label).isEqualTo("x");
        assertThat(s.lookup("hits").get(c)).isEqualTo(3);
        assertThat(s.lookup("hits").boxedType()).isEqualTo(Integer.class);
        assertThat(s.lookup("hits").type()).isEqualTo(int.class);
    }

    @Test
    void setFieldIsRejectedNamingTheClassTheFieldAndIgnore() {
        assertThatThrownBy(() -> parse(WithList.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(WithList.class.getName())
                .hasMessageContaining("tags")
                .hasMessageContaining("java.util.Set")
                .hasMessageContaining("@Ignore");
    }

    @Test
    void objectFieldIsRejectedNamingTheClassTheFieldAndIgnore() {
        assertThatThrownBy(() -> parse(WithObject.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(WithObject.class.getName())
                .hasMessageContaining("payload")
                .hasMessageContaining("@Ignore");
    }

    @Test
    void classWithoutNoArgConstructorIsRejected() {
        assertThatThrownBy(() -> parse(NoDefaultConstructor.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(NoDefaultConstructor.class.getName())
                .hasMessageContaining("constructor");
    }

    @Test
    void abstractClassIsRejected() {
        assertThatThrownBy(() -> parse(AbstractModel.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(AbstractModel.class.getName());
    }

    @Test
    void interfaceIsRejected() {
        assertThatThrownBy(() -> parse(ModelInterface.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(ModelInterface.class.getName());
    }

    @Test
    void classWithoutMappedFieldsIsRejected() {
        assertThatThrownBy(() -> parse(NoFields.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(NoFields.class.getName())
                .hasMessageContaining("no mapped fields");
    }

    @Test
    void schemaCacheReturnsTheSameInstanceTwice() {
        SchemaCache cache = new SchemaCache(NAMING);

        Schema first = cache.get(CreditCard.class);

        assertThat(cache.get(CreditCard.class)).isSameAs(first);
        assertThat(cache.get(Customer.class)).isNotSameAs(first);
    }

    @Test
    void schemaCacheUsesItsNamingStrategy() {
        SchemaCache cache = new SchemaCache(NAMING.withSingularTables(true));

        assertThat(cache.get(CreditCard.class).table()).isEqualTo("credit_card");
    }

    @Test
    void schemaCacheSignalsTheParseErrorEveryTime() {
        SchemaCache cache = new SchemaCache(NAMING);

        assertThatThrownBy(() -> cache.get(WithList.class)).isInstanceOf(InvalidModelException.class);
        assertThatThrownBy(() -> cache.get(WithList.class)).isInstanceOf(InvalidModelException.class);
    }
}
