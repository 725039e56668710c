package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Association;
import dev.r2orm.Db;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.ManyToMany;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import dev.r2orm.hook.BeforeCreate;
import dev.r2orm.hook.HookContext;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** GORM's SetupJoinTable: a join model with extra columns, a hook and soft delete. */
class JoinModelIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static class Person {
        Long id;
        @Column(size = 20)
        String name;
        @ManyToMany(joinTable = "person_addresses", joinModel = PersonAddress.class)
        List<Address> addresses;
    }

    static class Address {
        Long id;
        @Column(size = 40)
        String street;

        Address() {
        }

        Address(String street) {
            this.street = street;
        }
    }

    @Table("person_addresses")
    static class PersonAddress implements BeforeCreate {
        @PrimaryKey(autoIncrement = false)
        Long personId;
        @PrimaryKey(autoIncrement = false)
        Long addressId;
        Instant createdAt;
        Instant deletedAt;
        @Column(size = 20)
        String note;

        @Override
        public Mono<Void> beforeCreate(HookContext hook) {
            note = "via hook";
            return Mono.empty();
        }
    }

    @DatabaseTest
    void linksAreCreatedThroughTheJoinModelAndItsSoftDeleteHidesThem(Db db) {
        db.migrator().autoMigrate(Person.class, Address.class).block(TIMEOUT);
        Person p = new Person();
        p.name = "ann";
        p.addresses = List.of(new Address("main st"), new Address("side st"));
        db.create(p).block(TIMEOUT);

        StepVerifier.create(db.model(PersonAddress.class).find())
                .assertNext(l -> {
                    assertThat(l.note).isEqualTo("via hook");
                    assertThat(l.createdAt).isNotNull();
                })
                .expectNextCount(1)
                .verifyComplete();

        Association<Address> addresses = db.model(p).association("Addresses", Address.class);
        StepVerifier.create(addresses.count()).expectNext(2L).verifyComplete();
        Address main = p.addresses.stream().filter(a -> a.street.equals("main st")).findFirst().orElseThrow();
        StepVerifier.create(addresses.delete(List.of(main))).expectNext(1L).verifyComplete();
        StepVerifier.create(addresses.find().map(a -> a.street)).expectNext("side st").verifyComplete();
        StepVerifier.create(db.model(PersonAddress.class).unscoped().count()).expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Person.class).preload("Addresses").first()
                        .map(x -> x.addresses.stream().map(a -> a.street).toList()))
                .expectNext(List.of("side st")).verifyComplete();
    }
}
