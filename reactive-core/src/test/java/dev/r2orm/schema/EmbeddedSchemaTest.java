package dev.r2orm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.InvalidModelException;
import dev.r2orm.Model;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Comment;
import dev.r2orm.annotation.Embedded;
import dev.r2orm.annotation.Index;
import dev.r2orm.annotation.Serializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaTest {

    private static final NamingStrategy NAMING = NamingStrategy.defaults();

    static class Address {
        String street;
        @Comment("the town") String city;
        @Column(size = 20, notNull = true) @Index String zip;

        private Address() {
        }

        Address(String street, String city, String zip) {
            this.street = street;
            this.city = city;
            this.zip = zip;
        }
    }

    static class Customer {
        Long id;
        String name;
        @Embedded(prefix = "addr_") Address address;
        Integer age;
    }

    record Point(int x, int y) {
    }

    record Place(Long id, String name, @Embedded Point location, String note) {
    }

    static class Shop {
        Long id;
        @Embedded(prefix = "pos_") Point position;
    }

    record Branch(Long id, @Embedded(prefix = "a_") Address address) {
    }

    record Geo(double lat, @Column(name = "lon") double lng) {
    }

    static class Site {
        String name;
        @Embedded(prefix = "geo_") Geo geo;
    }

    static class Office {
        Long id;
        @Embedded(prefix = "hq_") Site site;
        String phone;
    }

    record Tower(Long id, @Embedded(prefix = "top_") Site top) {
    }

    static class Audit {
        Instant createdAt;
        String createdBy;
    }

    static class Article extends Model {
        String title;
        @Embedded(prefix = "audit_") Audit audit;
    }

    private static Schema parse(Class<?> type) {
        return Schema.parse(type, NAMING);
    }

    private static List<String> columns(Schema s) {
        return s.fields().stream().map(Field::column).toList();
    }

    @Test
    void classOwnerFlattensAnEmbeddedClassInPlaceWithItsPrefix() {
        Schema s = parse(Customer.class);

        assertThat(columns(s)).containsExactly("id", "name", "addr_street", "addr_city", "addr_zip", "age");
        assertThat(s.fields()).extracting(Field::name)
                .containsExactly("id", "name", "addressStreet", "addressCity", "addressZip", "age");
        assertThat(s.fields()).extracting(Field::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(s.primaryKeys()).containsExactly(s.lookup("id"));
        Field zip = s.lookup("addr_zip");
        assertThat(zip).isSameAs(s.lookup("addressZip"));
        assertThat(zip.size()).isEqualTo(20);
        assertThat(zip.isNotNull()).isTrue();
        assertThat(zip.annotation(Index.class)).isNotNull();
        assertThat(s.lookup("addressCity").comment()).isEqualTo("the town");
        assertThat(s.lookup("addressStreet").isNotNull()).isFalse();
    }

    @Test
    void recordOwnerFlattensAnEmbeddedRecordWithoutPrefix() {
        Schema s = parse(Place.class);

        assertThat(columns(s)).containsExactly("id", "name", "x", "y", "note");
        assertThat(s.fields()).extracting(Field::name).containsExactly("id", "name", "locationX", "locationY", "note");
        assertThat(s.lookup("x").isNotNull()).as("a null embedded value leaves its primitive columns NULL").isFalse();
        assertThat(s.lookup("x").type()).isEqualTo(int.class);
    }

    @Test
    void nestedEmbeddingConcatenatesPrefixes() {
        Schema s = parse(Office.class);

        assertThat(columns(s)).containsExactly("id", "hq_name", "hq_geo_lat", "hq_geo_lon", "phone");
        assertThat(s.fields()).extracting(Field::name)
                .containsExactly("id", "siteName", "siteGeoLat", "siteGeoLng", "phone");
    }

    @Test
    void modelBaseClassFieldsComeFirstAndEmbeddedAutoTimesAreKept() {
        Schema s = parse(Article.class);

        assertThat(columns(s)).containsExactly("id", "created_at", "updated_at", "deleted_at", "title",
                "audit_created_at", "audit_created_by");
        assertThat(s.lookup("auditCreatedAt").isAutoCreateTime()).isTrue();
        assertThat(s.softDeleteField()).isSameAs(s.lookup("deletedAt"));
    }

    @Test
    void getReadsThroughTheEmbeddedValueAndNullWhenItIsNull() {
        Schema s = parse(Customer.class);
        Customer c = new Customer();

        assertThat(s.lookup("addr_city").get(c)).isNull();
        c.address = new Address("Main St", "Springfield", "12345");
        assertThat(s.lookup("addr_city").get(c)).isEqualTo("Springfield");
        assertThat(s.lookup("addr_zip").get(c)).isEqualTo("12345");
    }

    @Test
    void setCreatesAMissingEmbeddedClassAndWritesInPlace() {
        Schema s = parse(Customer.class);
        Customer c = new Customer();

        s.lookup("addr_city").set(c, "Springfield");
        assertThat(c.address).isNotNull();
        assertThat(c.address.city).isEqualTo("Springfield");
        assertThat(c.address.street).isNull();
        Address same = c.address;
        s.lookup("addr_street").set(c, "Main St");
        assertThat(c.address).isSameAs(same);
        assertThat(c.address.street).isEqualTo("Main St");

        Customer empty = new Customer();
        s.lookup("addr_city").set(empty, null);
        assertThat(empty.address).as("writing null into a missing value keeps it missing").isNull();
    }

    @Test
    void setRebuildsAnEmbeddedRecordInAClassOwner() {
        Schema s = parse(Shop.class);
        Shop shop = new Shop();

        s.lookup("pos_x").set(shop, 3);
        assertThat(shop.position).isEqualTo(new Point(3, 0));
        s.lookup("pos_y").set(shop, 4);
        assertThat(shop.position).isEqualTo(new Point(3, 4));
        s.lookup("pos_y").set(shop, null);
        assertThat(shop.position).as("null into a primitive is ignored").isEqualTo(new Point(3, 4));
        assertThat(s.lookup("pos_x").get(shop)).isEqualTo(3);
    }

    @Test
    void setBuildsNestedValuesOnTheWay() {
        Schema s = parse(Office.class);
        Office o = new Office();

        s.lookup("hq_geo_lat").set(o, 1.5);
        assertThat(o.site).isNotNull();
        assertThat(o.site.name).isNull();
        assertThat(o.site.geo).isEqualTo(new Geo(1.5, 0));
        s.lookup("hq_geo_lon").set(o, 2.5);
        assertThat(o.site.geo).isEqualTo(new Geo(1.5, 2.5));
        assertThat(s.lookup("siteGeoLng").get(o)).isEqualTo(2.5);
        assertThat(s.lookup("siteGeoLng").get(new Office())).isNull();
    }

    @Test
    void instantiateBuildsTheEmbeddedValueOrLeavesItNullWhenAllItsColumnsAreNull() {
        Schema s = parse(Customer.class);

        Customer c = (Customer) s.instantiate(new Object[] {1L, "Ann", null, "Springfield", null, 30});
        assertThat(c.id).isEqualTo(1L);
        assertThat(c.name).isEqualTo("Ann");
        assertThat(c.age).isEqualTo(30);
        assertThat(c.address.city).isEqualTo("Springfield");
        assertThat(c.address.street).isNull();

        Customer none = (Customer) s.instantiate(new Object[] {2L, "Bob", null, null, null, null});
        assertThat(none.address).isNull();
    }

    @Test
    void instantiateBuildsRecordsThroughCanonicalConstructors() {
        Schema place = parse(Place.class);
        assertThat(place.instantiate(new Object[] {1L, "home", 3, 4, "n"}))
                .isEqualTo(new Place(1L, "home", new Point(3, 4), "n"));
        assertThat(place.instantiate(new Object[] {1L, "home", null, null, null}))
                .isEqualTo(new Place(1L, "home", null, null));
        assertThat(place.instantiate(new Object[] {null, null, 3, null, null}))
                .isEqualTo(new Place(null, null, new Point(3, 0), null));

        Schema branch = parse(Branch.class);
        Branch b = (Branch) branch.instantiate(new Object[] {7L, "Main St", null, "999"});
        assertThat(b.id()).isEqualTo(7L);
        assertThat(b.address().street).isEqualTo("Main St");
        assertThat(b.address().zip).isEqualTo("999");
    }

    @Test
    void instantiateBuildsNestedValues() {
        Schema s = parse(Office.class);

        Office o = (Office) s.instantiate(new Object[] {1L, "HQ", null, null, "555"});
        assertThat(o.site.name).isEqualTo("HQ");
        assertThat(o.site.geo).isNull();
        assertThat(o.phone).isEqualTo("555");
        Office g = (Office) s.instantiate(new Object[] {1L, null, 1.0, 2.0, null});
        assertThat(g.site.name).isNull();
        assertThat(g.site.geo).isEqualTo(new Geo(1.0, 2.0));
        assertThat(((Office) s.instantiate(new Object[5])).site).isNull();

        Schema tower = parse(Tower.class);
        Tower t = (Tower) tower.instantiate(new Object[] {3L, "T", 1.0, 2.0});
        assertThat(t.top().name).isEqualTo("T");
        assertThat(t.top().geo).isEqualTo(new Geo(1.0, 2.0));
    }

    @Test
    void withOnARecordOwnerKeepsTheEmbeddedRecord() {
        Schema s = parse(Place.class);
        Place p = new Place(null, "home", new Point(3, 4), "n");

        Place withId = (Place) s.with(p, s.lookup("id"), 42L);
        assertThat(withId).isEqualTo(new Place(42L, "home", new Point(3, 4), "n"));
        assertThat(withId.location()).isSameAs(p.location());
        assertThat(s.with(withId, s.lookup("y"), 9)).isEqualTo(new Place(42L, "home", new Point(3, 9), "n"));
        assertThat(s.with(new Place(1L, "a", null, null), s.lookup("x"), 5))
                .isEqualTo(new Place(1L, "a", new Point(5, 0), null));
        assertThat(s.with(new Place(1L, "a", null, null), s.lookup("x"), null))
                .isEqualTo(new Place(1L, "a", null, null));
        assertThat(s.lookup("x").get(withId)).isEqualTo(3);
        assertThatThrownBy(() -> s.lookup("x").set(p, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withOnARecordOwnerWritesIntoAnEmbeddedClassOrNestedValue() {
        Schema branch = parse(Branch.class);
        Branch b = (Branch) branch.with(new Branch(null, null), branch.lookup("a_city"), "Springfield");
        assertThat(b.address().city).isEqualTo("Springfield");
        Branch b2 = (Branch) branch.with(b, branch.lookup("id"), 5L);
        assertThat(b2.id()).isEqualTo(5L);
        assertThat(b2.address()).isSameAs(b.address());

        Schema tower = parse(Tower.class);
        Tower t = (Tower) tower.with(new Tower(1L, null), tower.lookup("top_geo_lon"), 8.0);
        assertThat(t.top().geo).isEqualTo(new Geo(0, 8.0));
    }

    @Test
    void withOnAClassOwnerChangesInPlace() {
        Schema s = parse(Customer.class);
        Customer c = new Customer();

        assertThat(s.with(c, s.lookup("addr_zip"), "1")).isSameAs(c);
        assertThat(c.address.zip).isEqualTo("1");
    }

    // invalid models

    interface Shape {
    }

    abstract static class AbstractValue {
        String a;
    }

    enum Color { RED }

    static class NoArg {
        String a;

        NoArg(String a) {
            this.a = a;
        }
    }

    static class Holder {
        Long id;
        String name;
    }

    static class WithAssociation {
        String label;
        Holder holder;
    }

    static class WithCollection {
        String label;
        List<Holder> holders;
    }

    static class EmbedsInterface {
        Long id;
        @Embedded Shape shape;
    }

    static class EmbedsAbstract {
        Long id;
        @Embedded AbstractValue value;
    }

    static class EmbedsEnum {
        Long id;
        @Embedded Color color;
    }

    static class EmbedsArray {
        Long id;
        @Embedded Point[] points;
    }

    static class EmbedsList {
        Long id;
        @Embedded List<Point> points;
    }

    static class EmbedsMap {
        Long id;
        @Embedded Map<String, String> map;
    }

    static class EmbedsJdk {
        Long id;
        @Embedded Instant at;
    }

    static class EmbedsNoArg {
        Long id;
        @Embedded NoArg value;
    }

    static class EmbedsAssociation {
        Long id;
        @Embedded WithAssociation value;
    }

    static class EmbedsCollection {
        Long id;
        @Embedded WithCollection value;
    }

    static class TwoAddresses {
        Long id;
        @Embedded Address home;
        @Embedded Address work;
    }

    static class ClashesWithOwner {
        Long id;
        String x;
        @Embedded Point point;
    }

    static class Cycle {
        String a;
        @Embedded Cycle next;
    }

    static class EmbedsCycle {
        Long id;
        @Embedded Cycle cycle;
    }

    static class BadInner {
        Object payload;
    }

    static class EmbedsBadInner {
        Long id;
        @Embedded(prefix = "b_") BadInner bad;
    }

    static class SerializedAndEmbedded {
        Long id;
        @Embedded @Serializer(JsonConverter.class) Point point;
    }

    record RecordEmbedsNoArg(Long id, @Embedded NoArg value) {
    }

    @Test
    void unfitTypesAreRejectedNamingOwnerFieldAndFix() {
        assertRejected(EmbedsInterface.class, "shape", "is an interface");
        assertRejected(EmbedsAbstract.class, "value", "is abstract");
        assertRejected(EmbedsEnum.class, "color", "is an enum");
        assertRejected(EmbedsArray.class, "points", "is an array");
        assertRejected(EmbedsList.class, "points", "is a collection");
        assertRejected(EmbedsMap.class, "map", "is a collection");
        assertRejected(EmbedsJdk.class, "at", "is a JDK type");
        for (Class<?> c : List.of(EmbedsInterface.class, EmbedsEnum.class, EmbedsJdk.class)) {
            assertThatThrownBy(() -> parse(c)).hasMessageContaining("embed a concrete class with a constructor"
                    + " without arguments, or a record");
        }
    }

    @Test
    void classWithoutNoArgConstructorIsRejected() {
        assertRejected(EmbedsNoArg.class, "value", "has no constructor without arguments; add one");
        assertRejected(RecordEmbedsNoArg.class, "value", "has no constructor without arguments; add one");
    }

    @Test
    void associationsInsideEmbeddedValuesAreRejected() {
        assertRejected(EmbedsAssociation.class, "value", "its field holder");
        assertRejected(EmbedsAssociation.class, "value", "is an association, which an embedded value cannot hold;"
                + " move it to EmbedsAssociation");
        assertRejected(EmbedsCollection.class, "value", "its field holders");
    }

    @Test
    void duplicateColumnsAreRejected() {
        assertThatThrownBy(() -> parse(TwoAddresses.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(TwoAddresses.class.getName())
                .hasMessageContaining("homeStreet and workStreet to the same column street")
                .hasMessageContaining("@Embedded(prefix = \"...\")");
        assertThatThrownBy(() -> parse(ClashesWithOwner.class))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("x and pointX to the same column x");
    }

    @Test
    void cyclesInnerFieldErrorsAndSerializerAreRejected() {
        assertRejected(EmbedsCycle.class, "cycle.next", "embeds itself");
        assertRejected(EmbedsBadInner.class, "bad", "java.lang.Object");
        assertRejected(SerializedAndEmbedded.class, "point", "both @Embedded and @Serializer");
    }

    private static void assertRejected(Class<?> owner, String field, String problem) {
        assertThatThrownBy(() -> parse(owner))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("field " + field + " of " + owner.getName())
                .hasMessageContaining(problem);
    }
}
