package dev.r2orm.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r2orm.Db;
import dev.r2orm.Named;
import dev.r2orm.Query;
import dev.r2orm.RecordNotFoundException;
import dev.r2orm.clause.Sql;
import dev.r2orm.integration.QueryModels.Customer;
import dev.r2orm.integration.QueryModels.CustomerAmount;
import dev.r2orm.integration.QueryModels.CustomerNote;
import dev.r2orm.integration.QueryModels.CustomerTotal;
import dev.r2orm.integration.QueryModels.Purchase;
import dev.r2orm.testkit.DatabaseTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The query API on H2, PostgreSQL and MariaDB: conditions, grouping, shape, subqueries, joins, scopes, paging,
 * injection refusal, immutability and raw SQL; every assertion reads values back.
 *
 * <p>The seed rows, in id order:
 *
 * <pre>
 * p0  ann   5  paid
 * p1  bob  12  paid
 * p2  ann  20  open
 * p3  cid   1  NULL
 * p4  bob   0  open
 * p5  dee  30  paid
 * </pre>
 */
class QueryIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static List<Purchase> seed(Db db) {
        db.migrator().autoMigrate(Purchase.class, Customer.class).block(TIMEOUT);
        List<Purchase> rows = List.of(
                new Purchase("ann", 5, "paid"),
                new Purchase("bob", 12, "paid"),
                new Purchase("ann", 20, "open"),
                new Purchase("cid", 1, null),
                new Purchase("bob", 0, "open"),
                new Purchase("dee", 30, "paid"));
        List<Purchase> created = db.createAll(rows).collectList().block(TIMEOUT);
        assertThat(created).hasSize(6).extracting(p -> p.id).doesNotContainNull().isSorted();
        return created;
    }

    /** {@code customer:amount} of each purchase, in the order emitted. */
    private static Flux<String> labels(Flux<Purchase> purchases) {
        return purchases.map(p -> p.customer + ":" + p.amount);
    }

    /** {@code customer:amount} of each purchase, sorted, for queries without an order. */
    private static List<String> sortedLabels(Flux<Purchase> purchases) {
        List<String> out = new ArrayList<>(labels(purchases).collectList().block(TIMEOUT));
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The SQL with bind markers as {@code ?} and identifier quotes removed, to compare shapes across dialects. */
    private static String shape(Sql sql) {
        return sql.sql().replaceAll("\\$\\d+", "?").replace("\"", "").replace("`", "");
    }

    private static long number(Object value) {
        assertThat(value).isInstanceOf(Number.class);
        return ((Number) value).longValue();
    }

    // ---------------------------------------------------------------- first / take / last / find

    @DatabaseTest
    void firstTakeLastFollowThePrimaryKeyAfterAnyGivenOrder(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(purchases.first().map(x -> x.id + ":" + x.customer + ":" + x.amount + ":" + x.status))
                .expectNext(p.get(0).id + ":ann:5:paid").verifyComplete();
        StepVerifier.create(purchases.last().map(x -> x.id)).expectNext(p.get(5).id).verifyComplete();
        StepVerifier.create(purchases.order("amount desc").first().map(x -> x.customer + ":" + x.amount))
                .expectNext("dee:30").verifyComplete();
        StepVerifier.create(purchases.order("customer").last().map(x -> x.customer + ":" + x.amount))
                .expectNext("ann:20").verifyComplete();
        StepVerifier.create(purchases.where("customer = ?", "bob").take().map(x -> x.customer))
                .expectNext("bob").verifyComplete();
        StepVerifier.create(purchases.where("status IS NULL").first().map(x -> x.customer + ":" + x.status))
                .expectNext("cid:null").verifyComplete();
        StepVerifier.create(purchases.first().map(x -> x.createdAt))
                .assertNext(at -> assertThat(at).isNotNull()).verifyComplete();
    }

    @DatabaseTest
    void firstByKeyOrInlineConditionAndFindByKeysOrCondition(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(purchases.first(p.get(2).id).map(x -> x.customer + ":" + x.amount))
                .expectNext("ann:20").verifyComplete();
        StepVerifier.create(purchases.first("customer = ?", "bob").map(x -> x.id + ":" + x.amount))
                .expectNext(p.get(1).id + ":12").verifyComplete();
        StepVerifier.create(purchases.first("customer = ? AND amount < ?", "bob", 5).map(x -> x.id))
                .expectNext(p.get(4).id).verifyComplete();
        StepVerifier.create(purchases.first(p.get(5).id + 1000)).expectError(RecordNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(purchases.first("customer = ?", "nobody")).expectError(RecordNotFoundException.class)
                .verify(TIMEOUT);

        assertThat(sortedLabels(purchases.find(List.of(p.get(1).id, p.get(3).id, p.get(5).id + 1000))))
                .containsExactly("bob:12", "cid:1");
        StepVerifier.create(purchases.find(List.of())).verifyComplete();
        assertThat(sortedLabels(purchases.find("amount > ?", 10))).containsExactly("ann:20", "bob:12", "dee:30");
        assertThat(sortedLabels(purchases.find("amount > ? AND status = ?", 10, "paid")))
                .containsExactly("bob:12", "dee:30");
    }

    // ---------------------------------------------------------------- where: positional, lists, tuples, named

    @DatabaseTest
    void wherePositionalCollectionsAndTuples(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(labels(purchases.where("customer = ? AND amount > ?", "ann", 10).find()))
                .expectNext("ann:20").verifyComplete();
        StepVerifier.create(labels(purchases.where("customer = ?", "ann").where("amount < ?", 10).find()))
                .expectNext("ann:5").verifyComplete();
        StepVerifier.create(labels(purchases.where("customer IN ?", List.of("ann", "cid")).order("amount").find()))
                .expectNext("cid:1", "ann:5", "ann:20").verifyComplete();
        StepVerifier.create(purchases.where("id IN ?", List.of(p.get(0).id, p.get(5).id)).count())
                .expectNext(2L).verifyComplete();

        Query<Purchase> none = purchases.where("customer IN ?", List.of());
        StepVerifier.create(none.find()).verifyComplete();
        StepVerifier.create(none.count()).expectNext(0L).verifyComplete();
        StepVerifier.create(purchases.where("customer NOT IN ?", List.of("ann", "bob")).count())
                .expectNext(2L).verifyComplete();

        Query<Purchase> tuples = purchases.where("(customer, amount) IN ?",
                List.of(List.of("ann", 5), List.of("bob", 12), List.of("bob", 99)));
        assertThat(tuples.toSql().binds()).containsExactly("ann", 5, "bob", 12, "bob", 99);
        assertThat(shape(tuples.toSql())).endsWith("WHERE (customer, amount) IN ((?,?),(?,?),(?,?))");
        StepVerifier.create(tuples.order("id").find().map(x -> x.id))
                .expectNext(p.get(0).id, p.get(1).id).verifyComplete();
    }

    @DatabaseTest
    void whereNamedArgumentsFromNamedAndFromAMap(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(labels(purchases.where("customer = @c AND amount >= @min",
                        Named.of("c", "ann"), Named.of("min", 10)).find()))
                .expectNext("ann:20").verifyComplete();
        StepVerifier.create(labels(purchases.where("customer = @c", Map.of("c", "bob")).order("amount").find()))
                .expectNext("bob:0", "bob:12").verifyComplete();

        Query<Purchase> repeated = purchases.where("customer = @word OR status = @word", Named.of("word", "open"));
        assertThat(repeated.toSql().binds()).containsExactly("open", "open");
        assertThat(sortedLabels(repeated.find())).containsExactly("ann:20", "bob:0");

        Query<Purchase> repeatedMap = purchases.where("amount > @v AND amount < @v + 20", Map.of("v", 4));
        assertThat(repeatedMap.toSql().binds()).containsExactly(4, 4);
        assertThat(sortedLabels(repeatedMap.find())).containsExactly("ann:20", "ann:5", "bob:12");

        StepVerifier.create(labels(purchases.where("customer IN @names",
                        Map.of("names", List.of("cid", "dee"))).order("amount").find()))
                .expectNext("cid:1", "dee:30").verifyComplete();
    }

    // ---------------------------------------------------------------- where: entity probe and map

    @DatabaseTest
    void whereEntityUsesOnlySetFieldsAndIgnoresPrimitiveZero(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        Purchase ann = new Purchase();
        ann.customer = "ann";
        ann.amount = 0;   // a primitive zero counts as unset: it must not become "amount = 0"
        assertThat(sortedLabels(purchases.where(ann).find())).containsExactly("ann:20", "ann:5");

        Purchase bobOpen = new Purchase();
        bobOpen.customer = "bob";
        bobOpen.status = "open";
        StepVerifier.create(purchases.where(bobOpen).find().map(x -> x.id)).expectNext(p.get(4).id).verifyComplete();

        Purchase byAmount = new Purchase();
        byAmount.amount = 12;
        StepVerifier.create(labels(purchases.where(byAmount).find())).expectNext("bob:12").verifyComplete();

        Purchase byKey = new Purchase();
        byKey.id = p.get(3).id;
        StepVerifier.create(labels(purchases.where(byKey).find())).expectNext("cid:1").verifyComplete();

        StepVerifier.create(purchases.where(new Purchase()).count()).expectNext(6L).verifyComplete();
    }

    @DatabaseTest
    void whereMapUsesEveryEntryIncludingZeroNullAndCollections(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(purchases.where(Map.of("amount", 0)).find().map(x -> x.id))
                .expectNext(p.get(4).id).verifyComplete();

        Map<String, Object> nullStatus = new HashMap<>();
        nullStatus.put("status", null);
        StepVerifier.create(labels(purchases.where(nullStatus).find())).expectNext("cid:1").verifyComplete();

        StepVerifier.create(labels(purchases.where(Map.of("customer", List.of("ann", "dee"))).order("amount").find()))
                .expectNext("ann:5", "ann:20", "dee:30").verifyComplete();

        Map<String, Object> two = new LinkedHashMap<>();
        two.put("customer", "bob");
        two.put("amount", 0);
        StepVerifier.create(labels(purchases.where(two).find())).expectNext("bob:0").verifyComplete();

        // field names and column names both work as keys
        StepVerifier.create(purchases.where(Map.of("createdAt", List.of())).count()).expectNext(0L).verifyComplete();

        assertThatThrownBy(() -> purchases.where(Map.of("no_such_column", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_column");
    }

    // ---------------------------------------------------------------- or / not / groups

    @DatabaseTest
    void orJoinsEverythingBeforeItAndALaterWhereAppliesToTheWholeDisjunction(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        Query<Purchase> annOrBob = purchases.where("customer = ?", "ann").or("customer = ?", "bob");
        assertThat(sortedLabels(annOrBob.find())).containsExactly("ann:20", "ann:5", "bob:0", "bob:12");

        Query<Purchase> bigAnnOrBob = annOrBob.where("amount > ?", 10);
        // GORM would render "customer = ann OR customer = bob AND amount > 10" and also return ann:5
        assertThat(sortedLabels(bigAnnOrBob.find())).containsExactly("ann:20", "bob:12");
        Sql sql = bigAnnOrBob.toSql();
        assertThat(shape(sql)).endsWith("FROM purchases WHERE ((customer = ?) OR (customer = ?)) AND (amount > ?)");
        assertThat(sql.binds()).containsExactly("ann", "bob", 10);

        Query<Purchase> threeWay = purchases.where("customer = ?", "cid").or("customer = ?", "dee")
                .or("amount = ?", 0);
        assertThat(sortedLabels(threeWay.find())).containsExactly("bob:0", "cid:1", "dee:30");
    }

    @DatabaseTest
    void notNegatesAConditionOrAMap(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        // NOT (status = 'paid') is unknown for a NULL status, so cid is not returned
        assertThat(sortedLabels(purchases.not("status = ?", "paid").find())).containsExactly("ann:20", "bob:0");
        assertThat(shape(purchases.not("status = ?", "paid").toSql())).endsWith("WHERE NOT (status = ?)");

        assertThat(sortedLabels(purchases.not(Map.of("customer", "ann")).find()))
                .containsExactly("bob:0", "bob:12", "cid:1", "dee:30");

        Map<String, Object> bobOpen = new LinkedHashMap<>();
        bobOpen.put("customer", "bob");
        bobOpen.put("status", "open");
        assertThat(sortedLabels(purchases.not(bobOpen).find()))
                .containsExactly("ann:20", "ann:5", "bob:12", "cid:1", "dee:30");

        assertThat(sortedLabels(purchases.not(Map.of("customer", List.of("ann", "bob", "cid"))).find()))
                .containsExactly("dee:30");
        assertThat(sortedLabels(purchases.where("amount > ?", 0).not("customer = ?", "ann").find()))
                .containsExactly("bob:12", "cid:1", "dee:30");
    }

    @DatabaseTest
    void groupedConditionsNestAndKeepTheirMeaning(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        Query<Purchase> openAnnOrBob = purchases
                .where(g -> g.where("customer = ?", "ann").or("customer = ?", "bob"))
                .where("status = ?", "open");
        assertThat(sortedLabels(openAnnOrBob.find())).containsExactly("ann:20", "bob:0");
        assertThat(shape(openAnnOrBob.toSql()))
                .endsWith("WHERE ((customer = ?) OR (customer = ?)) AND (status = ?)");

        Query<Purchase> bigOrPaidAnn = purchases.where("amount > ?", 25)
                .or(g -> g.where("customer = ?", "ann").where("status = ?", "paid"));
        assertThat(sortedLabels(bigOrPaidAnn.find())).containsExactly("ann:5", "dee:30");

        Query<Purchase> nested = purchases.where(g -> g.where("status = ?", "paid")
                .where(g2 -> g2.where("amount < ?", 10).or("amount > ?", 20)));
        assertThat(sortedLabels(nested.find())).containsExactly("ann:5", "dee:30");
        assertThat(nested.toSql().binds()).containsExactly("paid", 10, 20);

        // an empty group changes nothing
        StepVerifier.create(purchases.where(g -> g).count()).expectNext(6L).verifyComplete();
    }

    // ---------------------------------------------------------------- select / group / having / omit / distinct

    @DatabaseTest
    void selectColumnsAndScanIntoARecord(Db db) {
        seed(db);
        StepVerifier.create(db.model(Purchase.class).select("customer", "amount").where("customer = ?", "ann")
                        .order("amount").scan(CustomerAmount.class))
                .expectNext(new CustomerAmount("ann", 5), new CustomerAmount("ann", 20))
                .verifyComplete();
        StepVerifier.create(db.model(Purchase.class).select("customer, amount").where("amount > ?", 15)
                        .order("amount desc").scan(CustomerAmount.class))
                .expectNext(new CustomerAmount("dee", 30), new CustomerAmount("ann", 20))
                .verifyComplete();
        // a selected model query fills only the selected fields
        StepVerifier.create(db.model(Purchase.class).select("id", "customer").where("customer = ?", "cid").find())
                .assertNext(x -> {
                    assertThat(x.id).isNotNull();
                    assertThat(x.customer).isEqualTo("cid");
                    assertThat(x.amount).isZero();
                    assertThat(x.createdAt).isNull();
                })
                .verifyComplete();
    }

    @DatabaseTest
    void groupHavingSumsPerCustomerAsMaps(Db db) {
        seed(db);
        Query<Purchase> totals = db.model(Purchase.class).select("customer, SUM(amount) AS total")
                .group("customer").having("SUM(amount) > ?", 10).order("customer");
        StepVerifier.create(totals.findMaps().map(m -> m.get("customer") + "=" + number(m.get("total"))))
                .expectNext("ann=25", "bob=12", "dee=30")
                .verifyComplete();
        StepVerifier.create(db.model(Purchase.class).select("customer", "COUNT(*) AS n", "MAX(amount) AS biggest")
                        .where("status IS NOT NULL").group("customer").order("customer").findMaps()
                        .map(m -> m.get("customer") + ":" + number(m.get("n")) + ":" + number(m.get("biggest"))))
                .expectNext("ann:2:20", "bob:2:12", "dee:1:30")
                .verifyComplete();
    }

    @DatabaseTest
    void groupHavingScansIntoARecordWithALongTotal(Db db) {
        seed(db);
        StepVerifier.create(db.model(Purchase.class).select("customer, SUM(amount) AS total")
                        .group("customer").having("SUM(amount) > ?", 10).order("customer")
                        .scan(CustomerTotal.class))
                .expectNext(new CustomerTotal("ann", 25L), new CustomerTotal("bob", 12L), new CustomerTotal("dee", 30L))
                .verifyComplete();
    }

    @DatabaseTest
    void omitLeavesAFieldUnset(Db db) {
        seed(db);
        StepVerifier.create(db.model(Purchase.class).omit("status").order("id").find().collectList())
                .assertNext(rows -> {
                    assertThat(rows).hasSize(6);
                    assertThat(rows).extracting(x -> x.status).containsOnlyNulls();
                    assertThat(rows).extracting(x -> x.customer)
                            .containsExactly("ann", "bob", "ann", "cid", "bob", "dee");
                    assertThat(rows).extracting(x -> x.amount).containsExactly(5, 12, 20, 1, 0, 30);
                    assertThat(rows).extracting(x -> x.createdAt).doesNotContainNull();
                })
                .verifyComplete();
        assertThat(shape(db.model(Purchase.class).omit("status").toSql())).doesNotContain("status");
    }

    @DatabaseTest
    void distinctPluckAndCountWithDistinctAndWithGroup(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(purchases.distinct("customer").order("customer").pluck("customer", String.class))
                .expectNext("ann", "bob", "cid", "dee").verifyComplete();
        StepVerifier.create(purchases.distinct("customer").order("customer").findMaps().map(m -> m.get("customer")))
                .expectNext("ann", "bob", "cid", "dee").verifyComplete();
        StepVerifier.create(purchases.distinct("customer").count()).expectNext(4L).verifyComplete();
        StepVerifier.create(purchases.distinct("customer").where("amount > ?", 4).count())
                .expectNext(3L).verifyComplete();
        StepVerifier.create(purchases.distinct("customer", "status").count()).expectNext(6L).verifyComplete();
        StepVerifier.create(purchases.select("customer").group("customer").count()).expectNext(4L).verifyComplete();
        StepVerifier.create(purchases.select("customer, SUM(amount) AS total").group("customer")
                        .having("SUM(amount) > ?", 10).count())
                .expectNext(3L).verifyComplete();
    }

    @DatabaseTest
    void countWithGroupAndNoSelectCountsTheGroups(Db db) {
        seed(db);
        StepVerifier.create(db.model(Purchase.class).group("customer").count()).expectNext(4L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where("amount > ?", 4).group("customer").count())
                .expectNext(3L).verifyComplete();
    }

    // ---------------------------------------------------------------- pluck / scan / findMaps

    @DatabaseTest
    void pluckScanSmartSelectAndFindMaps(Db db) {
        List<Purchase> p = seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(purchases.order("id").pluck("customer", String.class))
                .expectNext("ann", "bob", "ann", "cid", "bob", "dee").verifyComplete();
        StepVerifier.create(purchases.where("customer = ?", "ann").order("amount").pluck("amount", Integer.class))
                .expectNext(5, 20).verifyComplete();
        StepVerifier.create(purchases.order("id").pluck("purchases.id", Long.class).collectList())
                .assertNext(ids -> assertThat(ids).containsExactlyElementsOf(p.stream().map(x -> x.id).toList()))
                .verifyComplete();

        StepVerifier.create(purchases.where("amount >= ?", 20).order("amount").scan(CustomerAmount.class))
                .expectNext(new CustomerAmount("ann", 20), new CustomerAmount("dee", 30)).verifyComplete();
        // smart select: "note" is not a column of purchases, so only customer is selected and note stays null
        StepVerifier.create(purchases.where("amount = ?", 30).scan(CustomerNote.class))
                .expectNext(new CustomerNote("dee", null)).verifyComplete();

        StepVerifier.create(purchases.where("id = ?", p.get(0).id).findMaps())
                .assertNext(m -> {
                    assertThat(m).containsOnlyKeys("id", "customer", "amount", "status", "created_at");
                    assertThat(number(m.get("id"))).isEqualTo(p.get(0).id);
                    assertThat(m).containsEntry("customer", "ann").containsEntry("status", "paid");
                    assertThat(number(m.get("amount"))).isEqualTo(5L);
                    assertThat(m.get("created_at")).isNotNull();
                })
                .verifyComplete();
    }

    @DatabaseTest
    void pluckAndScalarScanSkipNullValues(Db db) {
        seed(db);
        StepVerifier.create(db.model(Purchase.class).order("id").pluck("status", String.class))
                .expectNext("paid", "paid", "open", "open", "paid").verifyComplete();
        StepVerifier.create(db.raw("SELECT status FROM purchases ORDER BY id").scan(String.class).count())
                .expectNext(5L).verifyComplete();
        StepVerifier.create(db.raw("SELECT MAX(amount) FROM purchases WHERE amount > ?", 100).scan(Integer.class))
                .verifyComplete();
    }

    // ---------------------------------------------------------------- table / alias / subqueries

    @DatabaseTest
    void tableQueriesReadMaps(Db db) {
        seed(db);
        StepVerifier.create(db.table("purchases").where("amount > ?", 5).order("amount").findMaps()
                        .map(m -> m.get("customer") + ":" + number(m.get("amount"))))
                .expectNext("bob:12", "ann:20", "dee:30").verifyComplete();
        StepVerifier.create(db.table("purchases").count()).expectNext(6L).verifyComplete();
        StepVerifier.create(db.table("purchases").where(Map.of("customer", "bob", "amount", 0)).findMaps()
                        .map(m -> m.get("status")))
                .expectNext("open").verifyComplete();
        StepVerifier.create(db.table("purchases").where("customer = ?", "dee").pluck("amount", Integer.class))
                .expectNext(30).verifyComplete();

        Query<Map<String, Object>> aliased = db.table("purchases p").select("p.customer", "p.amount")
                .where("p.amount > ?", 15).order("p.amount");
        assertThat(shape(aliased.toSql())).contains("FROM purchases p WHERE p.amount > ?");
        StepVerifier.create(aliased.findMaps().map(m -> {
                    assertThat(m).containsOnlyKeys("customer", "amount");
                    return m.get("customer") + ":" + number(m.get("amount"));
                }))
                .expectNext("ann:20", "dee:30").verifyComplete();
        StepVerifier.create(db.table("purchases AS p").where("p.status = ?", "paid").count())
                .expectNext(3L).verifyComplete();
    }

    @DatabaseTest
    void subqueriesInWhereAndInFrom(Db db) {
        seed(db);
        // AVG(amount) = 68 / 6 = 11.33
        Query<Purchase> aboveAverage = db.model(Purchase.class)
                .where("amount > (?)", db.table("purchases").select("AVG(amount)"));
        assertThat(shape(aboveAverage.toSql())).endsWith("WHERE amount > (SELECT AVG(amount) FROM purchases)");
        assertThat(sortedLabels(aboveAverage.find())).containsExactly("ann:20", "bob:12", "dee:30");

        Query<Purchase> paidCustomers = db.model(Purchase.class).where("customer IN (?)",
                db.table("purchases").select("customer").where("status = ?", "paid").where("amount > ?", 10));
        assertThat(paidCustomers.toSql().binds()).containsExactly("paid", 10);
        assertThat(sortedLabels(paidCustomers.find())).containsExactly("bob:0", "bob:12", "dee:30");

        Query<Map<String, Object>> fromSubquery = db.table("(?) AS u",
                        db.model(Purchase.class).select("customer", "amount").where("amount > ?", 1))
                .where("amount > ?", 2).order("amount");
        Sql sql = fromSubquery.toSql();
        assertThat(shape(sql)).isEqualTo("SELECT * FROM (SELECT customer,amount FROM purchases WHERE amount > ?) AS u"
                + " WHERE amount > ? ORDER BY amount");
        assertThat(sql.binds()).containsExactly(1, 2);
        StepVerifier.create(fromSubquery.findMaps().map(m -> {
                    assertThat(m).containsOnlyKeys("customer", "amount");
                    return m.get("customer") + ":" + number(m.get("amount"));
                }))
                .expectNext("ann:5", "bob:12", "ann:20", "dee:30").verifyComplete();
        StepVerifier.create(fromSubquery.count()).expectNext(4L).verifyComplete();
    }

    // ---------------------------------------------------------------- joins

    @DatabaseTest
    void leftJoinWithABoundValue(Db db) {
        seed(db);
        db.createAll(List.of(new Customer("bob", "silver"), new Customer("dee", "gold"), new Customer("ann", "gold")))
                .blockLast(TIMEOUT);

        Query<Purchase> joined = db.model(Purchase.class)
                .select("purchases.customer", "purchases.amount", "c.tier")
                .joins("LEFT JOIN customers c ON c.name = purchases.customer AND c.tier = ?", "gold")
                .order("purchases.id");
        assertThat(joined.toSql().binds()).containsExactly("gold");
        StepVerifier.create(joined.findMaps().map(m -> m.get("customer") + ":" + number(m.get("amount")) + ":"
                        + m.get("tier")))
                .expectNext("ann:5:gold", "bob:12:null", "ann:20:gold", "cid:1:null", "bob:0:null", "dee:30:gold")
                .verifyComplete();

        StepVerifier.create(db.model(Purchase.class)
                        .joins("JOIN customers c ON c.name = purchases.customer AND c.tier = ?", "silver")
                        .count())
                .expectNext(2L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class)
                        .joins("LEFT JOIN customers c ON c.name = purchases.customer")
                        .where("c.id IS NULL").pluck("purchases.customer", String.class))
                .expectNext("cid").verifyComplete();
    }

    @DatabaseTest
    void joinedFindReadsTheModelsOwnColumns(Db db) {
        List<Purchase> p = seed(db);
        // customers get ids 1, 2, 3 in another order than the purchases, so a customer id read into a purchase shows
        db.createAll(List.of(new Customer("bob", "silver"), new Customer("dee", "gold"), new Customer("ann", "gold")))
                .blockLast(TIMEOUT);

        StepVerifier.create(db.model(Purchase.class)
                        .joins("JOIN customers c ON c.name = purchases.customer AND c.tier = ?", "gold")
                        .order("purchases.id").find().map(x -> x.id + ":" + x.customer + ":" + x.amount))
                .expectNext(p.get(0).id + ":ann:5", p.get(2).id + ":ann:20", p.get(5).id + ":dee:30")
                .verifyComplete();
    }

    // ---------------------------------------------------------------- scopes / limit / offset

    @DatabaseTest
    void scopesApplyReusableFragmentsInOrder(Db db) {
        seed(db);
        Function<Query<Purchase>, Query<Purchase>> paid = q -> q.where("status = ?", "paid");
        Function<Query<Purchase>, Query<Purchase>> atLeastTen = q -> q.where("amount >= ?", 10);
        Function<Query<Purchase>, Query<Purchase>> biggestFirst = q -> q.order("amount desc");

        StepVerifier.create(labels(db.model(Purchase.class).scopes(paid, atLeastTen).order("amount").find()))
                .expectNext("bob:12", "dee:30").verifyComplete();
        StepVerifier.create(labels(db.model(Purchase.class).scopes(paid, biggestFirst).limit(2).find()))
                .expectNext("dee:30", "bob:12").verifyComplete();
        StepVerifier.create(db.model(Purchase.class).scopes(atLeastTen).count()).expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).scopes().count()).expectNext(6L).verifyComplete();
    }

    @DatabaseTest
    void limitAndOffsetWithOrder(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);

        StepVerifier.create(labels(purchases.order("amount desc").limit(2).offset(1).find()))
                .expectNext("ann:20", "bob:12").verifyComplete();
        StepVerifier.create(labels(purchases.order("amount").offset(4).find()))
                .expectNext("ann:20", "dee:30").verifyComplete();
        StepVerifier.create(labels(purchases.order("customer, amount desc").limit(3).find()))
                .expectNext("ann:20", "ann:5", "bob:12").verifyComplete();
        StepVerifier.create(purchases.order("amount").limit(0).find()).verifyComplete();
        StepVerifier.create(purchases.order("amount").limit(2).limit(-1).find().count()).expectNext(6L)
                .verifyComplete();
        StepVerifier.create(labels(purchases.order("amount").offset(5).limit(10).find()))
                .expectNext("dee:30").verifyComplete();
        // count ignores limit and offset
        StepVerifier.create(purchases.order("amount").limit(2).offset(1).count()).expectNext(6L).verifyComplete();
        // first() keeps an earlier offset
        StepVerifier.create(purchases.order("amount").offset(2).first().map(x -> x.amount)).expectNext(5)
                .verifyComplete();
    }

    // ---------------------------------------------------------------- injection

    @DatabaseTest
    void identifierStringsCarryingSqlAreRefusedAndTheTableKeepsItsRows(Db db) {
        seed(db);
        Query<Purchase> purchases = db.model(Purchase.class);
        List<String> attacks = List.of("name; DROP TABLE purchases", "1=1 --", "(select 1)", "name) OR (1=1");

        for (String attack : attacks) {
            Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
            calls.put("order", () -> purchases.order(attack));
            calls.put("select", () -> purchases.select(attack));
            calls.put("group", () -> purchases.group(attack));
            calls.put("pluck", () -> purchases.pluck(attack, String.class));
            calls.put("table.order", () -> db.table("purchases").order(attack));
            calls.put("table.select", () -> db.table("purchases").select(attack));
            calls.put("distinct", () -> purchases.distinct(attack));
            calls.forEach((api, call) -> assertThatThrownBy(call)
                    .as("%s(\"%s\")", api, attack)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Expr.raw"));
            assertThatThrownBy(() -> db.table(attack))
                    .as("table(\"%s\")", attack)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a table name");
        }
        assertThatThrownBy(() -> db.table("purchases; DROP TABLE purchases"))
                .isInstanceOf(IllegalArgumentException.class);

        StepVerifier.create(purchases.count()).expectNext(6L).verifyComplete();
        StepVerifier.create(db.table("purchases").count()).expectNext(6L).verifyComplete();
    }

    @DatabaseTest
    void boundValuesHoldingSqlAreStoredAndReadBackVerbatim(Db db) {
        seed(db);
        String evil = "x'; DROP TABLE purchases; --";
        String quotes = "O'Brien \"the\" `tick` ? @name $1";
        db.createAll(List.of(new Purchase(evil, 7, evil), new Purchase(quotes, 8, null))).blockLast(TIMEOUT);

        StepVerifier.create(db.model(Purchase.class).where("customer = ?", evil).first()
                        .map(x -> x.customer + "|" + x.status + "|" + x.amount))
                .expectNext(evil + "|" + evil + "|7").verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where(Map.of("customer", quotes)).pluck("amount", Integer.class))
                .expectNext(8).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where("customer = @c", Map.of("c", evil)).count())
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.raw("SELECT customer FROM purchases WHERE status = ?", evil).scan(String.class))
                .expectNext(evil).verifyComplete();
        StepVerifier.create(db.exec("UPDATE purchases SET status = ? WHERE customer = ?", quotes, evil))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where("customer = ?", evil).pluck("status", String.class))
                .expectNext(quotes).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).count()).expectNext(8L).verifyComplete();
    }

    // ---------------------------------------------------------------- immutability

    @DatabaseTest
    void aSharedBaseQueryGivesEachBranchItsOwnConditions(Db db) {
        seed(db);
        Query<Purchase> base = db.model(Purchase.class).where("amount > ?", 0);
        String before = base.toSql().sql();

        Query<Purchase> ann = base.where("customer = ?", "ann");
        Query<Purchase> bob = base.where("customer = ?", "bob");
        StepVerifier.create(Flux.merge(ann.find(), bob.find()).map(x -> x.customer + ":" + x.amount).collectList())
                .assertNext(rows -> assertThat(rows).containsExactlyInAnyOrder("ann:5", "ann:20", "bob:12"))
                .verifyComplete();

        List<Supplier<Flux<String>>> branches = List.of(
                () -> labels(base.where("customer = ?", "ann").find()),
                () -> labels(base.where("customer = ?", "bob").find()),
                () -> labels(base.where("status = ?", "paid").order("amount").limit(1).find()),
                () -> base.order("amount desc").limit(1).pluck("customer", String.class));
        StepVerifier.create(Flux.merge(Flux.fromIterable(branches).map(Supplier::get)).collectList())
                .assertNext(rows -> assertThat(rows)
                        .containsExactlyInAnyOrder("ann:5", "ann:20", "bob:12", "ann:5", "dee"))
                .verifyComplete();

        assertThat(base.toSql().sql()).isEqualTo(before);
        assertThat(base.toSql().binds()).containsExactly(0);
        StepVerifier.create(base.count()).expectNext(5L).verifyComplete();
        // each subscription runs again and sees new rows
        var counting = base.where("customer = ?", "eve").count();
        StepVerifier.create(counting).expectNext(0L).verifyComplete();
        db.create(new Purchase("eve", 3, null)).block(TIMEOUT);
        StepVerifier.create(counting).expectNext(1L).verifyComplete();
    }

    // ---------------------------------------------------------------- raw SQL

    @DatabaseTest
    void rawSqlScansMapsScalarsAndNamedArguments(Db db) {
        seed(db);
        StepVerifier.create(db.raw("SELECT customer, amount FROM purchases WHERE amount > ? ORDER BY amount", 5)
                        .scan(CustomerAmount.class))
                .expectNext(new CustomerAmount("bob", 12), new CustomerAmount("ann", 20), new CustomerAmount("dee", 30))
                .verifyComplete();
        StepVerifier.create(db.raw("SELECT customer, amount FROM purchases WHERE amount > ? ORDER BY amount", 5)
                        .findMaps())
                .assertNext(m -> {
                    assertThat(m).containsOnlyKeys("customer", "amount");
                    assertThat(m.get("customer")).isEqualTo("bob");
                    assertThat(number(m.get("amount"))).isEqualTo(12L);
                })
                .expectNextCount(2)
                .verifyComplete();
        StepVerifier.create(db.raw("SELECT * FROM purchases WHERE customer IN ? ORDER BY id", List.of("cid", "dee"))
                        .scan(Purchase.class).map(x -> x.customer + ":" + x.amount + ":" + x.status))
                .expectNext("cid:1:null", "dee:30:paid").verifyComplete();
        StepVerifier.create(db.raw("SELECT customer FROM purchases WHERE amount >= @min AND amount <= @max"
                        + " ORDER BY amount", Named.of("min", 5), Named.of("max", 20)).scan(String.class))
                .expectNext("ann", "bob", "ann").verifyComplete();
        StepVerifier.create(db.raw("SELECT amount FROM purchases WHERE amount > @min ORDER BY amount",
                        Map.of("min", 12)).scan(Integer.class))
                .expectNext(20, 30).verifyComplete();
    }

    @DatabaseTest
    void rawCountScansAsLong(Db db) {
        seed(db);
        StepVerifier.create(db.raw("SELECT COUNT(*) FROM purchases WHERE amount > ?", 5).scan(Long.class))
                .expectNext(3L).verifyComplete();
        StepVerifier.create(db.raw("SELECT COUNT(*) AS n FROM purchases WHERE amount > @min", Map.of("min", 0))
                        .scan(Long.class))
                .expectNext(5L).verifyComplete();
    }

    @DatabaseTest
    void rawSumReadsAsANumber(Db db) {
        seed(db);
        StepVerifier.create(db.raw("SELECT SUM(amount) AS total FROM purchases WHERE customer = ?", "ann")
                        .findMaps().map(m -> number(m.get("total"))))
                .expectNext(25L).verifyComplete();
        StepVerifier.create(db.raw("SELECT COUNT(*) FROM purchases").scan(Object.class).map(QueryIntegrationTests::number))
                .expectNext(6L).verifyComplete();
    }

    @DatabaseTest
    void execReturnsTheAffectedCountAndTheChangeReadsBack(Db db) {
        seed(db);
        StepVerifier.create(db.exec("UPDATE purchases SET status = ? WHERE amount > ?", "big", 10))
                .expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where("status = ?", "big").order("amount")
                        .pluck("customer", String.class))
                .expectNext("bob", "ann", "dee").verifyComplete();
        StepVerifier.create(db.exec("UPDATE purchases SET amount = amount + 1 WHERE customer IN ?",
                        List.of("cid", "bob")))
                .expectNext(3L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).where("customer IN ?", List.of("cid", "bob")).order("id")
                        .pluck("amount", Integer.class))
                .expectNext(13, 2, 1).verifyComplete();
        StepVerifier.create(db.exec("DELETE FROM purchases WHERE status = @s", Map.of("s", "big")))
                .expectNext(3L).verifyComplete();
        StepVerifier.create(db.exec("UPDATE purchases SET status = ? WHERE amount > ?", "none", 1000))
                .expectNext(0L).verifyComplete();
        StepVerifier.create(db.model(Purchase.class).count()).expectNext(3L).verifyComplete();
    }
}
