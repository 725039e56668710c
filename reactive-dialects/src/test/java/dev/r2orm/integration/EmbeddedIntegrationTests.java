package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.R2ormException;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Embedded;
import dev.r2orm.annotation.Index;
import dev.r2orm.schema.ColumnType;
import dev.r2orm.schema.IndexDef;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.test.StepVerifier;

class EmbeddedIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Address {
        @Column(size = 60) String street;
        @Column(size = 40) String city;
        @Column(size = 20) @Index String zip;

        Address() {
        }

        Address(String street, String city, String zip) {
            this.street = street;
            this.city = city;
            this.zip = zip;
        }
    }

    record GeoPoint(double lat, double lng) {
    }

    static class Billing {
        @Column(size = 40) String holder;
        @Embedded(prefix = "addr_") Address address;
    }

    static class Customer {
        Long id;
        @Column(size = 40) String name;
        @Embedded(prefix = "addr_") Address address;
        @Embedded(prefix = "loc_") GeoPoint location;
        @Embedded(prefix = "billing_") Billing billing;

        Customer() {
        }

        Customer(String name, Address address, GeoPoint location) {
            this.name = name;
            this.address = address;
            this.location = location;
        }
    }

    record Spot(Long id, @Column(size = 40) String label, @Embedded(prefix = "pos_") GeoPoint position) {
    }

    private static void migrate(Db db) {
        db.migrator().autoMigrate(Customer.class, Spot.class).block(TIMEOUT);
    }

    private static Customer read(Db db, Long id) {
        return db.model(Customer.class).where("id = ?", id).first().block(TIMEOUT);
    }

    @DatabaseTest
    void createAndCreateAllWriteEmbeddedColumnsAndFindReadsThemBack(Db db) {
        migrate(db);
        Customer ann = new Customer("Ann", new Address("1 Main St", "Springfield", "12345"), new GeoPoint(1.5, -2.5));
        ann.billing = new Billing();
        ann.billing.holder = "Ann Corp";
        ann.billing.address = new Address("9 Bank Rd", "Capital City", "99999");

        StepVerifier.create(db.create(ann))
                .assertNext(c -> assertThat(c.id).isPositive())
                .verifyComplete();
        Customer back = read(db, ann.id);
        assertThat(back.name).isEqualTo("Ann");
        assertThat(back.address.street).isEqualTo("1 Main St");
        assertThat(back.address.city).isEqualTo("Springfield");
        assertThat(back.address.zip).isEqualTo("12345");
        assertThat(back.location).isEqualTo(new GeoPoint(1.5, -2.5));
        assertThat(back.billing.holder).isEqualTo("Ann Corp");
        assertThat(back.billing.address.city).isEqualTo("Capital City");

        List<Customer> many = List.of(
                new Customer("Bob", new Address("2 Elm St", "Shelbyville", "22222"), new GeoPoint(2, 2)),
                new Customer("Cid", null, new GeoPoint(3, 3)),
                new Customer("Dee", new Address(null, "Ogdenville", null), null));
        StepVerifier.create(db.createAll(many).collectList())
                .assertNext(created -> assertThat(created).extracting(c -> c.id).doesNotContainNull())
                .verifyComplete();
        StepVerifier.create(db.model(Customer.class).where("id <> ?", ann.id).order("id").find().collectList())
                .assertNext(rows -> {
                    assertThat(rows).extracting(c -> c.name).containsExactly("Bob", "Cid", "Dee");
                    assertThat(rows.get(0).address.city).isEqualTo("Shelbyville");
                    assertThat(rows.get(0).address.zip).isEqualTo("22222");
                    assertThat(rows.get(0).location).isEqualTo(new GeoPoint(2, 2));
                    assertThat(rows.get(0).billing).isNull();
                    assertThat(rows.get(1).address).isNull();
                    assertThat(rows.get(1).location).isEqualTo(new GeoPoint(3, 3));
                    assertThat(rows.get(2).address.city).isEqualTo("Ogdenville");
                    assertThat(rows.get(2).address.street).isNull();
                    assertThat(rows.get(2).location).isNull();
                })
                .verifyComplete();
    }

    @DatabaseTest
    void aNullEmbeddedValueIsStoredAsNullsAndReadsBackNull(Db db) {
        migrate(db);
        Customer c = db.create(new Customer("Eve", null, null)).block(TIMEOUT);

        Map<String, Object> row = db.raw("SELECT addr_city, addr_zip, loc_lat, billing_addr_city FROM customers"
                + " WHERE id = ?", c.id).findMaps().blockFirst(TIMEOUT);
        assertThat(row).hasSize(4);
        assertThat(row.values()).containsOnlyNulls();
        Customer back = read(db, c.id);
        assertThat(back.name).isEqualTo("Eve");
        assertThat(back.address).isNull();
        assertThat(back.location).isNull();
        assertThat(back.billing).isNull();
    }

    @DatabaseTest
    void whereProbeMatchesOnTheEmbeddedValuesSetFields(Db db) {
        migrate(db);
        db.createAll(List.of(
                new Customer("Ann", new Address("1 Main St", "Springfield", "1"), null),
                new Customer("Bob", new Address("2 Main St", "Shelbyville", "2"), null),
                new Customer("Cid", new Address("3 Oak St", "Springfield", "3"), null))).blockLast(TIMEOUT);

        Customer probe = new Customer();
        probe.address = new Address(null, "Springfield", null);
        StepVerifier.create(db.model(Customer.class).where(probe).order("id").find().map(c -> c.name).collectList())
                .assertNext(names -> assertThat(names).containsExactly("Ann", "Cid"))
                .verifyComplete();

        probe.address.street = "3 Oak St";
        StepVerifier.create(db.model(Customer.class).where(probe).find().map(c -> c.name).collectList())
                .assertNext(names -> assertThat(names).containsExactly("Cid"))
                .verifyComplete();
    }

    @DatabaseTest
    void updatesAndSaveWriteEmbeddedValues(Db db) {
        migrate(db);
        Customer c = db.create(new Customer("Ann", new Address("1 Main St", "Springfield", "1"), null))
                .block(TIMEOUT);

        Customer patch = new Customer();
        patch.location = new GeoPoint(4.25, 5.75);
        patch.address = new Address(null, "Shelbyville", null);
        StepVerifier.create(db.model(c).updates(patch)).expectNext(1L).verifyComplete();
        Customer back = read(db, c.id);
        assertThat(back.location).isEqualTo(new GeoPoint(4.25, 5.75));
        assertThat(back.address.city).isEqualTo("Shelbyville");
        assertThat(back.address.street).as("updates(entity) skips unset embedded columns").isEqualTo("1 Main St");

        back.address.zip = "777";
        back.location = null;
        StepVerifier.create(db.save(back)).expectNextCount(1).verifyComplete();
        Customer saved = read(db, c.id);
        assertThat(saved.address.zip).isEqualTo("777");
        assertThat(saved.address.city).isEqualTo("Shelbyville");
        assertThat(saved.location).as("save writes a null embedded value as NULLs").isNull();
    }

    @DatabaseTest
    void recordModelWithEmbeddedRecord(Db db) {
        migrate(db);
        StepVerifier.create(db.create(new Spot(null, "home", new GeoPoint(1, 2))))
                .assertNext(s -> {
                    assertThat(s.id()).isPositive();
                    assertThat(s.position()).isEqualTo(new GeoPoint(1, 2));
                })
                .verifyComplete();
        StepVerifier.create(db.createAll(List.of(new Spot(null, "work", new GeoPoint(3, 4)),
                        new Spot(null, "nowhere", null))).collectList())
                .assertNext(spots -> {
                    assertThat(spots).extracting(Spot::id).doesNotContainNull();
                    assertThat(spots).extracting(Spot::position).containsExactly(new GeoPoint(3, 4), null);
                })
                .verifyComplete();

        StepVerifier.create(db.model(Spot.class).order("id").find().collectList())
                .assertNext(spots -> {
                    assertThat(spots).extracting(Spot::label).containsExactly("home", "work", "nowhere");
                    assertThat(spots).extracting(Spot::position)
                            .containsExactly(new GeoPoint(1, 2), new GeoPoint(3, 4), null);
                })
                .verifyComplete();
        StepVerifier.create(db.model(Spot.class).where(new Spot(null, null, new GeoPoint(3, 4))).find()
                        .map(Spot::label).collectList())
                .assertNext(labels -> assertThat(labels).containsExactly("work"))
                .verifyComplete();
    }

    @DatabaseTest
    void prefixedColumnsAreMigratedWithTheInnerColumnAttributes(Db db) {
        migrate(db);
        Customer c = db.create(new Customer("Ann", new Address("1 Main St", "Springfield", "12345"), null))
                .block(TIMEOUT);

        StepVerifier.create(db.raw("SELECT addr_city FROM customers WHERE id = ?", c.id).scan(String.class))
                .expectNext("Springfield")
                .verifyComplete();
        StepVerifier.create(db.raw("SELECT billing_addr_zip FROM customers").findMaps().count())
                .expectNext(1L)
                .verifyComplete();
        String ddl = db.migrator().createTableSql(Customer.class).sql().toLowerCase(Locale.ROOT);
        assertThat(ddl).containsSubsequence("id", "name", "addr_street", "addr_city", "addr_zip", "loc_lat",
                "loc_lng", "billing_holder", "billing_addr_street", "billing_addr_city", "billing_addr_zip");
        assertThat(ddl).containsPattern("addr_zip\\W* varchar\\(20\\)");
        assertThat(ddl).doesNotContainPattern("loc_lat\\W* [a-z ]+ not null");

        ColumnType zip = db.migrator().tableInfo(Customer.class).map(t -> t.column("addr_zip")).block(TIMEOUT);
        assertThat(zip.length()).isEqualTo(20);
        assertThat(zip.nullable()).isTrue();
        List<IndexDef> indexes = db.migrator().indexes(Customer.class).collectList().block(TIMEOUT);
        assertThat(indexes).as("@Index on the embedded field").anySatisfy(ix -> assertThat(ix.parts())
                .extracting(p -> p.column().toLowerCase(Locale.ROOT)).containsExactly("addr_zip"));

        Customer tooLong = new Customer("Bob", new Address(null, null, "x".repeat(21)), null);
        StepVerifier.create(db.create(tooLong))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2ormException.class))
                .verify(TIMEOUT);
    }
}
