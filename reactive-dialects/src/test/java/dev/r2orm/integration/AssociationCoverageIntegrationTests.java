package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Association;
import dev.r2orm.Config;
import dev.r2orm.Db;
import dev.r2orm.ForeignKeyViolationException;
import dev.r2orm.integration.AssociationModels.Cat;
import dev.r2orm.integration.AssociationModels.Dog;
import dev.r2orm.integration.AssociationModels.Toy;
import dev.r2orm.integration.CoverageModels.CvAuthor;
import dev.r2orm.integration.CoverageModels.CvBadge;
import dev.r2orm.integration.CoverageModels.CvBook;
import dev.r2orm.integration.CoverageModels.CvBox;
import dev.r2orm.integration.CoverageModels.CvCity;
import dev.r2orm.integration.CoverageModels.CvCompany;
import dev.r2orm.integration.CoverageModels.CvEmployee;
import dev.r2orm.integration.CoverageModels.CvFile;
import dev.r2orm.integration.CoverageModels.CvFolder;
import dev.r2orm.integration.CoverageModels.CvItem;
import dev.r2orm.integration.CoverageModels.CvLang;
import dev.r2orm.integration.CoverageModels.CvPassport;
import dev.r2orm.integration.CoverageModels.CvPerson;
import dev.r2orm.integration.CoverageModels.CvShelf;
import dev.r2orm.integration.CoverageModels.CvStudent;
import dev.r2orm.integration.CoverageModels.CvThing;
import dev.r2orm.integration.CoverageModels.CvWorker;
import dev.r2orm.migrator.Migrator;
import dev.r2orm.testkit.DatabaseTest;
import dev.r2orm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.test.StepVerifier;

/**
 * Fills the gaps of the association suite: association mode of has-one, belongs-to and polymorphic associations,
 * self-reference, the overrides ({@code @References}, {@code @ForeignKey}, join columns, {@code @Constraint}) and
 * preload of a large parent set, each read back from the database.
 */
class AssociationCoverageIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A view of the test's database that records every statement it runs. */
    private static Db counting(Db db, TestDatabase target, List<String> statements) {
        return Db.open(db.connectionFactory(), target.configure(Config.builder()
                .logger((sql, elapsed, rows, error, ctx) -> statements.add(sql.sql()))).build());
    }

    private static void migrate(Db db, Class<?>... models) {
        db.migrator().autoMigrate(models).block(TIMEOUT);
    }

    private static String table(Db db, Class<?> model) {
        return db.schema(model).table();
    }

    private static List<Map<String, @Nullable Object>> rows(Db db, String sql, Object... args) {
        return db.raw(sql, args).findMaps().collectList().block(TIMEOUT);
    }

    private static @Nullable Long asLong(@Nullable Object v) {
        return v == null ? null : ((Number) v).longValue();
    }

    private static <T> T one(Db db, Class<T> type, String where, Object arg) {
        return db.model(type).where(where, arg).first().block(TIMEOUT);
    }

    private static <T> List<String> names(Association<T> a, Function<T, String> name) {
        return a.find().map(name).sort().collectList().block(TIMEOUT);
    }

    // ------------------------------------------------------------------ 1. has-one and belongs-to association mode

    @DatabaseTest
    void hasOneAssociationMode(Db db) {
        migrate(db, CvCity.class, CvPerson.class, CvPassport.class);
        CvPerson ann = new CvPerson("ann");
        ann.passport = new CvPassport("P1");
        db.create(ann).block(TIMEOUT);
        CvPerson bob = new CvPerson("bob");
        bob.passport = new CvPassport("B1");
        db.create(bob).block(TIMEOUT);
        Association<CvPassport> passport = db.model(ann).association("Passport", CvPassport.class);
        assertThat(names(passport, p -> p.number)).containsExactly("P1");
        StepVerifier.create(passport.count()).expectNext(1L).verifyComplete();

        passport.append(List.of(new CvPassport("P2"))).block(TIMEOUT);   // to-one: append replaces
        assertThat(names(passport, p -> p.number)).containsExactly("P2");
        assertThat(ann.passport.number).isEqualTo("P2");
        assertThat(one(db, CvPassport.class, "number = ?", "P1").cvPersonId).isNull();
        assertThat(one(db, CvPassport.class, "number = ?", "P2").cvPersonId).isEqualTo(ann.id);

        CvPassport loose = db.create(new CvPassport("P3")).block(TIMEOUT);
        passport.replace(List.of(loose)).block(TIMEOUT);
        assertThat(names(passport, p -> p.number)).containsExactly("P3");
        assertThat(one(db, CvPassport.class, "number = ?", "P2").cvPersonId).isNull();

        CvPassport bobs = one(db, CvPassport.class, "number = ?", "B1");
        StepVerifier.create(passport.delete(List.of(bobs))).expectNext(0L).verifyComplete();
        StepVerifier.create(passport.delete(List.of(loose))).expectNext(1L).verifyComplete();
        StepVerifier.create(passport.count()).expectNext(0L).verifyComplete();
        assertThat(one(db, CvPassport.class, "number = ?", "P3").cvPersonId).isNull();

        passport.append(List.of(one(db, CvPassport.class, "number = ?", "P2"))).block(TIMEOUT);
        StepVerifier.create(passport.count()).expectNext(1L).verifyComplete();
        StepVerifier.create(passport.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(passport.count()).expectNext(0L).verifyComplete();
        assertThat(ann.passport).isNull();
        // rows are unlinked, never deleted; bob's passport was never touched
        StepVerifier.create(db.model(CvPassport.class).count()).expectNext(4L).verifyComplete();
        assertThat(one(db, CvPassport.class, "number = ?", "B1").cvPersonId).isEqualTo(bob.id);
    }

    @DatabaseTest
    void belongsToAssociationMode(Db db) {
        migrate(db, CvCity.class, CvPerson.class, CvPassport.class);
        CvPerson ann = new CvPerson("ann");
        ann.city = new CvCity("oslo");
        db.create(ann).block(TIMEOUT);
        CvCity oslo = ann.city;
        Association<CvCity> city = db.model(ann).association("City", CvCity.class);
        assertThat(names(city, c -> c.name)).containsExactly("oslo");
        StepVerifier.create(city.count()).expectNext(1L).verifyComplete();

        city.append(List.of(new CvCity("rome"))).block(TIMEOUT);    // to-one: append replaces
        CvCity rome = one(db, CvCity.class, "name = ?", "rome");
        assertThat(db.model(CvPerson.class).first(ann.id).block(TIMEOUT).cityId).isEqualTo(rome.id);
        assertThat(names(city, c -> c.name)).containsExactly("rome");
        StepVerifier.create(city.count()).expectNext(1L).verifyComplete();

        city.replace(List.of(oslo)).block(TIMEOUT);
        assertThat(db.model(CvPerson.class).first(ann.id).block(TIMEOUT).cityId).isEqualTo(oslo.id);

        StepVerifier.create(city.delete(List.of(rome))).expectNext(0L).verifyComplete();   // not the linked one
        assertThat(db.model(CvPerson.class).first(ann.id).block(TIMEOUT).cityId).isEqualTo(oslo.id);
        StepVerifier.create(city.delete(List.of(oslo))).expectNext(1L).verifyComplete();
        assertThat(db.model(CvPerson.class).first(ann.id).block(TIMEOUT).cityId).isNull();
        StepVerifier.create(city.count()).expectNext(0L).verifyComplete();
        StepVerifier.create(city.find()).verifyComplete();

        city.append(List.of(rome)).block(TIMEOUT);
        StepVerifier.create(city.count()).expectNext(1L).verifyComplete();
        StepVerifier.create(city.clear()).expectNext(1L).verifyComplete();
        assertThat(db.model(CvPerson.class).first(ann.id).block(TIMEOUT).cityId).isNull();
        StepVerifier.create(db.model(CvCity.class).count()).expectNext(2L).verifyComplete();   // parents stay
    }

    // ------------------------------------------------------------------ 2. polymorphic

    /** A dog and a cat with the same id; a stray toy claims that id under another type. */
    private static Dog seedPets(Db db) {
        migrate(db, Dog.class, Cat.class, Toy.class);
        Dog rex = new Dog("rex");
        rex.toys = List.of(new Toy("ball", null, null), new Toy("bone", null, null));
        db.create(rex).block(TIMEOUT);
        Cat tom = new Cat("tom");
        tom.toy = new Toy("mouse", null, null);
        db.create(tom).block(TIMEOUT);
        assertThat(tom.id).isEqualTo(rex.id);
        db.createAll(List.of(new Toy("stray", rex.id, "other"), new Toy("rope", null, null))).blockLast(TIMEOUT);
        return rex;
    }

    private static String owner(Db db, String toy) {
        Toy t = one(db, Toy.class, "name = ?", toy);
        return t.ownerId + "/" + t.ownerType;
    }

    @DatabaseTest
    void polymorphicHasManyAssociationMode(Db db) {
        Dog rex = seedPets(db);
        long id = rex.id;
        assertThat(owner(db, "ball")).isEqualTo(id + "/dogs");
        Association<Toy> toys = db.model(rex).association("Toys", Toy.class);
        assertThat(names(toys, t -> t.name)).containsExactly("ball", "bone");
        StepVerifier.create(toys.count()).expectNext(2L).verifyComplete();

        toys.append(List.of(new Toy("stick", null, null), one(db, Toy.class, "name = ?", "rope"))).block(TIMEOUT);
        assertThat(names(toys, t -> t.name)).containsExactly("ball", "bone", "rope", "stick");
        assertThat(owner(db, "stick")).isEqualTo(id + "/dogs");
        assertThat(owner(db, "rope")).isEqualTo(id + "/dogs");

        // the cat's toy and the stray toy have the owner's id under other types: not the dog's
        StepVerifier.create(toys.delete(List.of(one(db, Toy.class, "name = ?", "mouse"),
                one(db, Toy.class, "name = ?", "stray")))).expectNext(0L).verifyComplete();
        StepVerifier.create(toys.delete(List.of(one(db, Toy.class, "name = ?", "ball")))).expectNext(1L)
                .verifyComplete();
        assertThat(one(db, Toy.class, "name = ?", "ball").ownerId).isNull();
        StepVerifier.create(toys.count()).expectNext(3L).verifyComplete();

        toys.replace(List.of(one(db, Toy.class, "name = ?", "bone"))).block(TIMEOUT);
        assertThat(names(toys, t -> t.name)).containsExactly("bone");
        assertThat(one(db, Toy.class, "name = ?", "stick").ownerId).isNull();
        StepVerifier.create(toys.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(toys.count()).expectNext(0L).verifyComplete();

        assertThat(owner(db, "mouse")).isEqualTo(id + "/kitty");
        assertThat(owner(db, "stray")).isEqualTo(id + "/other");
        StepVerifier.create(db.model(Toy.class).count()).expectNext(6L).verifyComplete();
    }

    @DatabaseTest
    void polymorphicHasOneAssociationMode(Db db) {
        Dog rex = seedPets(db);
        long id = rex.id;
        Cat tom = db.model(Cat.class).first().block(TIMEOUT);
        Association<Toy> toy = db.model(tom).association("Toy", Toy.class);
        assertThat(names(toy, t -> t.name)).containsExactly("mouse");
        StepVerifier.create(toy.count()).expectNext(1L).verifyComplete();

        toy.append(List.of(new Toy("yarn", null, null))).block(TIMEOUT);   // to-one: append replaces
        assertThat(names(toy, t -> t.name)).containsExactly("yarn");
        assertThat(owner(db, "yarn")).isEqualTo(id + "/kitty");
        assertThat(one(db, Toy.class, "name = ?", "mouse").ownerId).isNull();

        toy.replace(List.of(one(db, Toy.class, "name = ?", "mouse"))).block(TIMEOUT);
        assertThat(names(toy, t -> t.name)).containsExactly("mouse");
        assertThat(owner(db, "mouse")).isEqualTo(id + "/kitty");
        assertThat(one(db, Toy.class, "name = ?", "yarn").ownerId).isNull();

        StepVerifier.create(toy.delete(List.of(one(db, Toy.class, "name = ?", "ball")))).expectNext(0L)
                .verifyComplete();
        StepVerifier.create(toy.delete(List.of(one(db, Toy.class, "name = ?", "mouse")))).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(toy.count()).expectNext(0L).verifyComplete();

        toy.append(List.of(one(db, Toy.class, "name = ?", "yarn"))).block(TIMEOUT);
        StepVerifier.create(toy.count()).expectNext(1L).verifyComplete();
        StepVerifier.create(toy.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(toy.count()).expectNext(0L).verifyComplete();

        assertThat(owner(db, "ball")).isEqualTo(id + "/dogs");
        assertThat(owner(db, "bone")).isEqualTo(id + "/dogs");
        assertThat(owner(db, "stray")).isEqualTo(id + "/other");
    }

    @DatabaseTest
    void polymorphicPreloadAndJoinsFilterOnTheType(Db db, TestDatabase target) {
        migrate(db, Dog.class, Cat.class, Toy.class);
        List<Dog> dogs = db.createAll(List.of(new Dog("d1"), new Dog("d2"), new Dog("d3"))).collectList()
                .block(TIMEOUT);
        List<Cat> cats = db.createAll(List.of(new Cat("c1"), new Cat("c2"), new Cat("c3"))).collectList()
                .block(TIMEOUT);
        assertThat(cats).extracting(c -> c.id).containsExactlyElementsOf(dogs.stream().map(d -> d.id).toList());
        List<Toy> toys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t <= i; t++) {
                toys.add(new Toy(dogs.get(i).name + "-" + t, dogs.get(i).id, "dogs"));
            }
            if (i < 2) {
                toys.add(new Toy(cats.get(i).name + "-toy", cats.get(i).id, "kitty"));
            }
        }
        db.createAll(toys).blockLast(TIMEOUT);
        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);

        List<Dog> readDogs = counted.model(Dog.class).order("id").preload("Toys").find().collectList()
                .block(TIMEOUT);
        assertThat(statements).hasSize(2);
        for (int i = 0; i < 3; i++) {
            Dog d = readDogs.get(i);
            assertThat(d.toys).hasSize(i + 1).allMatch(t -> t.name.startsWith(d.name + "-")
                    && t.ownerType.equals("dogs") && t.ownerId.equals(d.id));
        }
        statements.clear();
        List<Cat> readCats = counted.model(Cat.class).order("id").preload("Toy").find().collectList()
                .block(TIMEOUT);
        assertThat(statements).hasSize(2);
        assertThat(readCats).extracting(c -> c.toy == null ? "-" : c.toy.name).containsExactly("c1-toy", "c2-toy", "-");
        statements.clear();
        List<Cat> joined = counted.model(Cat.class).joins("Toy").order("id").find().collectList().block(TIMEOUT);
        assertThat(statements).hasSize(1);
        assertThat(joined).extracting(c -> c.toy == null ? "-" : c.toy.name + "/" + c.toy.ownerType)
                .containsExactly("c1-toy/kitty", "c2-toy/kitty", "-");
    }

    // ------------------------------------------------------------------ 3. self-reference

    @DatabaseTest
    void selfReferenceCreatePreloadAndJoins(Db db, TestDatabase target) {
        migrate(db, CvEmployee.class);
        CvEmployee ann = new CvEmployee("ann");
        ann.manager = new CvEmployee("boss");
        ann.team = List.of(new CvEmployee("t1"), new CvEmployee("t2"));
        ann.friends = List.of(new CvEmployee("f1"), new CvEmployee("f2"));
        db.create(ann).block(TIMEOUT);

        Map<String, CvEmployee> byName = db.model(CvEmployee.class).find()
                .collectMap(e -> e.name).block(TIMEOUT);
        assertThat(byName).containsOnlyKeys("ann", "boss", "t1", "t2", "f1", "f2");
        long annId = byName.get("ann").id;
        assertThat(byName.get("ann").managerId).isEqualTo(byName.get("boss").id);
        assertThat(byName.get("t1").managerId).isEqualTo(annId);
        assertThat(byName.get("t2").managerId).isEqualTo(annId);
        assertThat(byName.get("boss").managerId).isNull();
        assertThat(byName.get("f1").managerId).isNull();
        assertThat(rows(db, "SELECT cv_employee_id, friend_id FROM cv_employee_friends ORDER BY friend_id"))
                .extracting(r -> asLong(r.get("cv_employee_id")) + ">" + asLong(r.get("friend_id")))
                .containsExactly(annId + ">" + byName.get("f1").id, annId + ">" + byName.get("f2").id);

        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        Map<String, CvEmployee> loaded = counted.model(CvEmployee.class).preload("Manager").preload("Team")
                .preload("Friends").find().collectMap(e -> e.name).block(TIMEOUT);
        assertThat(statements).hasSize(4);
        CvEmployee a = loaded.get("ann");
        assertThat(a.manager.name).isEqualTo("boss");
        assertThat(a.team).extracting(e -> e.name).containsExactlyInAnyOrder("t1", "t2");
        assertThat(a.friends).extracting(e -> e.name).containsExactlyInAnyOrder("f1", "f2");
        assertThat(loaded.get("boss").team).extracting(e -> e.name).containsExactly("ann");
        assertThat(loaded.get("boss").manager).isNull();
        assertThat(loaded.get("t1").manager.name).isEqualTo("ann");
        assertThat(loaded.get("f1").friends).isEmpty();

        statements.clear();
        List<String> joined = counted.model(CvEmployee.class).joins("Manager").order("id").find()
                .map(e -> e.name + ">" + (e.manager == null ? "-" : e.manager.name)).collectList().block(TIMEOUT);
        assertThat(statements).hasSize(1);
        assertThat(joined).containsExactlyInAnyOrder("ann>boss", "boss>-", "t1>ann", "t2>ann", "f1>-", "f2>-");
    }

    // ------------------------------------------------------------------ 4. @References

    @DatabaseTest
    void referencesANonPrimaryUniqueKey(Db db, TestDatabase target) {
        migrate(db, CvCompany.class, CvWorker.class);
        CvWorker ann = new CvWorker("ann");
        ann.company = new CvCompany("AC", "acme");
        db.create(ann).block(TIMEOUT);
        CvCompany globex = new CvCompany("GX", "globex");
        globex.workers = List.of(new CvWorker("bob"), new CvWorker("cy"));
        db.create(globex).block(TIMEOUT);
        assertThat(rows(db, "SELECT name, company_code FROM cv_workers ORDER BY name"))
                .extracting(r -> r.get("name") + ":" + r.get("company_code"))
                .containsExactly("ann:AC", "bob:GX", "cy:GX");
        assertThat(ann.company.id).isNotNull();

        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        assertThat(counted.model(CvWorker.class).order("id").preload("Company").find()
                .map(w -> w.name + ":" + w.company.name).collectList().block(TIMEOUT))
                .containsExactly("ann:acme", "bob:globex", "cy:globex");
        assertThat(statements).hasSize(2);
        statements.clear();
        assertThat(counted.model(CvCompany.class).order("id").preload("Workers").find()
                .map(c -> c.name + ":" + c.workers.stream().map(w -> w.name).sorted().collect(Collectors.joining(",")))
                .collectList().block(TIMEOUT))
                .containsExactly("acme:ann", "globex:bob,cy");
        assertThat(statements).hasSize(2);
        statements.clear();
        assertThat(counted.model(CvWorker.class).joins("Company").order("id").find()
                .map(w -> w.name + ":" + w.company.code).collectList().block(TIMEOUT))
                .containsExactly("ann:AC", "bob:GX", "cy:GX");
        assertThat(statements).hasSize(1);

        Association<CvCompany> company = db.model(ann).association("Company", CvCompany.class);
        assertThat(names(company, c -> c.name)).containsExactly("acme");
        StepVerifier.create(company.count()).expectNext(1L).verifyComplete();
        Association<CvWorker> workers = db.model(globex).association("Workers", CvWorker.class);
        assertThat(names(workers, w -> w.name)).containsExactly("bob", "cy");
        workers.append(List.of(new CvWorker("dan"))).block(TIMEOUT);
        assertThat(one(db, CvWorker.class, "name = ?", "dan").companyCode).isEqualTo("GX");
        StepVerifier.create(workers.delete(List.of(one(db, CvWorker.class, "name = ?", "bob")))).expectNext(1L)
                .verifyComplete();
        assertThat(one(db, CvWorker.class, "name = ?", "bob").companyCode).isNull();
        StepVerifier.create(workers.count()).expectNext(2L).verifyComplete();
    }

    @DatabaseTest
    void referencesAloneFindsTheForeignKeyNamedAfterTheReferencedField(Db db) {
        // @References' javadoc: "@References("code") Company company joins companyCode to Company.code"
        migrate(db, CvCompany.class, CvWorker.class, CvBadge.class);
        CvBadge badge = new CvBadge();
        badge.company = new CvCompany("AC", "acme");
        db.create(badge).block(TIMEOUT);
        assertThat(rows(db, "SELECT company_code FROM cv_badges")).extracting(r -> r.get("company_code"))
                .containsExactly("AC");
        StepVerifier.create(db.model(CvBadge.class).preload("Company").first().map(b -> b.company.name))
                .expectNext("acme").verifyComplete();
    }

    // ------------------------------------------------------------------ 5. @ForeignKey

    @DatabaseTest
    void foreignKeyOnHasManyAndBelongsTo(Db db, TestDatabase target) {
        migrate(db, CvAuthor.class, CvBook.class);
        assertThat(db.migrator().foreignKeys(CvAuthor.class)).containsExactly(new Migrator.ForeignKey(
                "fk_cv_authors_books", "cv_books", "written_by", "cv_authors", "id", "", ""));
        CvAuthor leGuin = new CvAuthor("leguin");
        leGuin.books = List.of(new CvBook("earthsea"), new CvBook("lathe"));
        db.create(leGuin).block(TIMEOUT);
        CvBook dune = new CvBook("dune");
        dune.author = new CvAuthor("herbert");
        db.create(dune).block(TIMEOUT);
        long herbert = one(db, CvAuthor.class, "name = ?", "herbert").id;
        assertThat(rows(db, "SELECT title, written_by FROM cv_books ORDER BY title"))
                .extracting(r -> r.get("title") + ":" + asLong(r.get("written_by")))
                .containsExactly("dune:" + herbert, "earthsea:" + leGuin.id, "lathe:" + leGuin.id);

        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        assertThat(counted.model(CvAuthor.class).order("id").preload("Books").find()
                .map(a -> a.name + ":" + a.books.stream().map(b -> b.title).sorted().collect(Collectors.joining(",")))
                .collectList().block(TIMEOUT))
                .containsExactly("leguin:earthsea,lathe", "herbert:dune");
        assertThat(statements).hasSize(2);
        statements.clear();
        assertThat(counted.model(CvBook.class).order("title").preload("Author").find()
                .map(b -> b.title + ":" + b.author.name).collectList().block(TIMEOUT))
                .containsExactly("dune:herbert", "earthsea:leguin", "lathe:leguin");
        assertThat(statements).hasSize(2);
        statements.clear();
        assertThat(counted.model(CvBook.class).joins("Author").order("title").find()
                .map(b -> b.title + ":" + b.author.name).collectList().block(TIMEOUT))
                .containsExactly("dune:herbert", "earthsea:leguin", "lathe:leguin");
        assertThat(statements).hasSize(1);

        Association<CvBook> books = db.model(leGuin).association("Books", CvBook.class);
        books.append(List.of(new CvBook("tehanu"))).block(TIMEOUT);
        assertThat(one(db, CvBook.class, "title = ?", "tehanu").writerId).isEqualTo(leGuin.id);
        StepVerifier.create(books.delete(List.of(one(db, CvBook.class, "title = ?", "lathe")))).expectNext(1L)
                .verifyComplete();
        assertThat(one(db, CvBook.class, "title = ?", "lathe").writerId).isNull();
        assertThat(names(books, b -> b.title)).containsExactly("earthsea", "tehanu");
        Association<CvAuthor> author = db.model(dune).association("Author", CvAuthor.class);
        assertThat(names(author, a -> a.name)).containsExactly("herbert");
        StepVerifier.create(author.count()).expectNext(1L).verifyComplete();
    }

    // ------------------------------------------------------------------ 6. joinForeignKey / joinReferences

    @DatabaseTest
    void manyToManyWithNamedJoinColumns(Db db, TestDatabase target) {
        migrate(db, CvStudent.class, CvLang.class);
        CvStudent ann = new CvStudent("ann");
        ann.langs = List.of(new CvLang("en", "English"), new CvLang("de", "German"));
        db.create(ann).block(TIMEOUT);
        CvStudent bob = new CvStudent("bob");
        bob.langs = List.of(new CvLang("de", "German"));
        db.create(bob).block(TIMEOUT);
        String links = "SELECT owner_ref, lang_ref FROM cv_student_langs ORDER BY owner_ref, lang_ref";
        assertThat(rows(db, links)).extracting(r -> asLong(r.get("owner_ref")) + ":" + r.get("lang_ref"))
                .containsExactly(ann.id + ":de", ann.id + ":en", bob.id + ":de");

        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        assertThat(counted.model(CvStudent.class).order("id").preload("Langs").find()
                .map(s -> s.name + ":" + s.langs.stream().map(l -> l.code).sorted().collect(Collectors.joining(",")))
                .collectList().block(TIMEOUT))
                .containsExactly("ann:de,en", "bob:de");
        assertThat(statements).hasSize(2);

        Association<CvLang> langs = db.model(ann).association("Langs", CvLang.class);
        StepVerifier.create(langs.count()).expectNext(2L).verifyComplete();
        langs.append(List.of(new CvLang("fr", "French"))).block(TIMEOUT);
        assertThat(names(langs, l -> l.code)).containsExactly("de", "en", "fr");
        StepVerifier.create(langs.delete(List.of(new CvLang("en", null)))).expectNext(1L).verifyComplete();
        assertThat(names(langs, l -> l.code)).containsExactly("de", "fr");
        langs.replace(List.of(new CvLang("en", "English"))).block(TIMEOUT);
        assertThat(names(langs, l -> l.code)).containsExactly("en");
        StepVerifier.create(langs.clear()).expectNext(1L).verifyComplete();
        StepVerifier.create(langs.count()).expectNext(0L).verifyComplete();
        assertThat(rows(db, links)).extracting(r -> asLong(r.get("owner_ref")) + ":" + r.get("lang_ref"))
                .containsExactly(bob.id + ":de");
        StepVerifier.create(db.model(CvLang.class).count()).expectNext(3L).verifyComplete();
    }

    // ------------------------------------------------------------------ 7. @Constraint and foreignKeys(false)

    @DatabaseTest
    void constraintCascadeDeletesAndUpdatesChildren(Db db) {
        migrate(db, CvFolder.class, CvFile.class);
        assertThat(db.migrator().foreignKeys(CvFolder.class)).containsExactly(new Migrator.ForeignKey(
                "fk_cv_folders_files", "cv_files", "cv_folder_id", "cv_folders", "id", "CASCADE", "CASCADE"));
        CvFolder docs = db.create(new CvFolder("docs", List.of(new CvFile("a"), new CvFile("b")))).block(TIMEOUT);
        CvFolder pics = db.create(new CvFolder("pics", List.of(new CvFile("c")))).block(TIMEOUT);
        StepVerifier.create(db.exec("DELETE FROM cv_folders WHERE id = ?", docs.id)).expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(CvFile.class).find().map(f -> f.name + ":" + f.cvFolderId))
                .expectNext("c:" + pics.id).verifyComplete();
        db.exec("UPDATE cv_folders SET id = ? WHERE id = ?", 1000L, pics.id).block(TIMEOUT);
        StepVerifier.create(db.model(CvFile.class).find().map(f -> f.name + ":" + f.cvFolderId))
                .expectNext("c:1000").verifyComplete();
    }

    @DatabaseTest
    void constraintSetNullUnlinksChildren(Db db) {
        migrate(db, CvShelf.class, CvItem.class);
        CvShelf top = db.create(new CvShelf("top", List.of(new CvItem("a"), new CvItem("b")))).block(TIMEOUT);
        CvShelf low = db.create(new CvShelf("low", List.of(new CvItem("c")))).block(TIMEOUT);
        StepVerifier.create(db.exec("DELETE FROM " + table(db, CvShelf.class) + " WHERE id = ?", top.id))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(CvItem.class).order("name").find().map(i -> i.name + ":" + i.cvShelfId))
                .expectNext("a:null", "b:null", "c:" + low.id).verifyComplete();
    }

    @DatabaseTest
    void withoutConstraintTheDatabaseRefusesDeletingAReferencedRow(Db db) {
        migrate(db, CvBox.class, CvThing.class);
        CvBox box = db.create(new CvBox("box", List.of(new CvThing("x", null)))).block(TIMEOUT);
        StepVerifier.create(db.exec("DELETE FROM cv_boxes WHERE id = ?", box.id))
                .expectError(ForeignKeyViolationException.class).verify(TIMEOUT);
        StepVerifier.create(db.model(CvBox.class).count()).expectNext(1L).verifyComplete();
    }

    @DatabaseTest
    void foreignKeysOffCreatesNoConstraint(Db db, TestDatabase target) {
        Db noKeys = Db.open(db.connectionFactory(), target.configure(Config.builder().foreignKeys(false)).build());
        noKeys.migrator().autoMigrate(CvBox.class, CvThing.class).block(TIMEOUT);
        CvBox box = noKeys.create(new CvBox("box", List.of(new CvThing("x", null), new CvThing("y", null))))
                .block(TIMEOUT);
        StepVerifier.create(noKeys.exec("DELETE FROM cv_boxes WHERE id = ?", box.id)).expectNext(1L)
                .verifyComplete();
        StepVerifier.create(db.model(CvThing.class).find().map(t -> t.cvBoxId)).expectNext(box.id, box.id)
                .verifyComplete();
        // a dangling key is accepted too
        StepVerifier.create(db.create(new CvThing("z", 424242L)).map(t -> t.id != null)).expectNext(true)
                .verifyComplete();
    }

    // ------------------------------------------------------------------ 8. a large parent set

    @DatabaseTest
    void preloadOfFifteenHundredParentsIsOneStatementPerWindowOfOneThousand(Db db, TestDatabase target) {
        migrate(db, CvBox.class, CvThing.class);
        List<CvBox> boxes = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            boxes.add(new CvBox("b" + i, null));
        }
        List<CvBox> saved = db.createAll(boxes).collectList().block(TIMEOUT);
        List<CvThing> things = new ArrayList<>();
        for (CvBox b : saved) {
            for (int t = 0; t < b.id % 3; t++) {
                things.add(new CvThing(b.name + "-" + t, b.id));
            }
        }
        db.createAll(things).blockLast(TIMEOUT);

        List<String> statements = new CopyOnWriteArrayList<>();
        Db counted = counting(db, target, statements);
        List<CvBox> read = counted.model(CvBox.class).order("id").preload("Things").find().collectList()
                .block(TIMEOUT);
        assertThat(statements).hasSize(4);   // 1,000 parents, one IN over their keys, then the other 500, one IN
        // PostgreSQL binds the keys as one array: = ANY(CAST($1 AS bigint[]))
        assertThat(statements.get(1)).containsAnyOf(" IN (", " = ANY(CAST($1 AS ");
        assertThat(statements.get(3)).containsAnyOf(" IN (", " = ANY(CAST($1 AS ");
        checkThings(read, things.size());

        // without order or limit too, the windows follow the primary key
        statements.clear();
        checkThings(counted.model(CvBox.class).preload("Things").find().collectList().block(TIMEOUT), things.size());
        assertThat(statements).hasSize(4);

        // a limit within one window is one read and one IN
        statements.clear();
        assertThat(counted.model(CvBox.class).limit(1_000).preload("Things").find().count().block(TIMEOUT))
                .isEqualTo(1_000);
        assertThat(statements).hasSize(2);
    }

    private static void checkThings(List<CvBox> read, int things) {
        assertThat(read).hasSize(1500);
        for (CvBox b : read) {
            assertThat(b.things).hasSize((int) (b.id % 3)).allMatch(t -> t.cvBoxId.equals(b.id)
                    && t.name.startsWith(b.name + "-"));
        }
        assertThat(read.stream().mapToInt(b -> b.things.size()).sum()).isEqualTo(things);
    }
}
