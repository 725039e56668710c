package dev.r2orm.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.Db;
import dev.r2orm.test.RolledBack;
import dev.r2orm.testkit.DatabaseExtension;
import dev.r2orm.testkit.TestDatabase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's HTTP API, one test body for H2, PostgreSQL and MariaDB (a subclass per database gives
 * {@code spring.r2dbc.url}): the application runs on a random port and {@link WebTestClient} talks to it over HTTP.
 * The CRUD tests are {@link RolledBack}: what the server writes for them is rolled back after each, so they create the
 * same customers again; the transfer and streaming tests commit. On PostgreSQL a failed statement aborts the test's
 * transaction, so each rolled-back test ends with its failing request.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"r2orm.logger.level=info", "spring.r2dbc.pool.initial-size=1"})
@RolledBack
abstract class BankApiContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    static final int LEDGER_ROWS = 100_000;

    @Autowired
    Db db;
    @Autowired
    BankController controller;
    @Value("${local.server.port}")
    int port;
    WebTestClient http;
    /** For the concurrent and streaming tests: WebTestClient records bodies for its failure reports. */
    WebClient stream;

    /** @return the database the subclass runs on */
    abstract TestDatabase target();

    /**
     * Points the application at an emptied database of {@code target}, with the migrations of its family.
     *
     * @param properties the subclass's dynamic properties
     * @param target the database
     */
    static void runOn(DynamicPropertyRegistry properties, TestDatabase target) {
        properties.add("spring.r2dbc.url", () -> DatabaseExtension.emptied(target).value());
        properties.add("r2orm.migrate.locations", () -> "classpath:db/migration/"
                + (target.isMySqlFamily() ? "mariadb" : "standard"));
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(TIMEOUT).build();
        stream = WebClient.create("http://localhost:" + port);
    }

    private WebTestClient.ResponseSpec post(String uri, String json) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private long newCustomer(String email) {
        Map<String, Object> body = post("/customers", "{\"email\":\"" + email + "\",\"name\":\"Ann\"}")
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    private long newAccount(long customer, long balance) {
        Map<String, Object> body = post("/customers/" + customer + "/accounts",
                "{\"currency\":\"EUR\",\"balance\":" + balance + "}")
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    // ------------------------------------------------------------------ CRUD, rolled back

    @Test
    void createsReadsRenamesAndDeletesACustomer() {
        post("/customers", "{\"email\":\"ann@example.com\",\"name\":\"Ann\"}").expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/customers/\\d+")
                .expectBody().jsonPath("$.email").isEqualTo("ann@example.com").jsonPath("$.id").isNumber()
                .jsonPath("$.createdAt").isNotEmpty();
        long id = db.raw("SELECT id FROM customers WHERE email = ?", "ann@example.com").scan(Long.class).single()
                .block(TIMEOUT);
        http.get().uri("/customers/" + id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Ann").jsonPath("$.accounts").isEmpty();
        http.put().uri("/customers/" + id).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"Anna\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Anna");
        http.delete().uri("/customers/" + id).exchange().expectStatus().isNoContent();
        http.get().uri("/customers/" + id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.status").isEqualTo(404);
        http.put().uri("/customers/" + id).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"Anna\"}")
                .exchange().expectStatus().isNotFound();
        http.delete().uri("/customers/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void theSameEmailAgainIs409() {
        // the same customer as the test above: that one was rolled back
        newCustomer("ann@example.com");
        post("/customers", "{\"email\":\"ann@example.com\",\"name\":\"Other\"}").expectStatus()
                .isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("uk_customers_email"));
    }

    @Test
    void invalidBodiesAre400AndWriteNothing() {
        post("/customers", "{\"email\":\"not-an-email\",\"name\":\"Ann\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("email"));
        post("/customers", "{\"email\":\"bob@example.com\",\"name\":\" \"}").expectStatus().isBadRequest();
        post("/customers", "{\"email\":").expectStatus().isBadRequest();
        long customer = newCustomer("bob@example.com");
        post("/customers/" + customer + "/accounts", "{\"currency\":\"euro\",\"balance\":1}").expectStatus()
                .isBadRequest();
        post("/customers/" + customer + "/accounts", "{\"currency\":\"EUR\",\"balance\":-1}").expectStatus()
                .isBadRequest();
        post("/transfers", "{\"from\":1,\"to\":1,\"amount\":5}").expectStatus().isBadRequest();
        post("/transfers", "{\"from\":1,\"to\":2,\"amount\":0}").expectStatus().isBadRequest();
        assertThat(db.raw("SELECT COUNT(*) FROM accounts WHERE customer_id = ?", customer).scan(Long.class)
                .single().block(TIMEOUT)).isZero();
    }

    @Test
    void aCustomerComesWithItsAccountsAndCannotBeDeletedWhileItHasThem() {
        long customer = newCustomer("carl@example.com");
        long first = newAccount(customer, 100);
        long second = newAccount(customer, 0);
        http.get().uri("/customers/" + customer).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.accounts.length()").isEqualTo(2)
                .jsonPath("$.accounts[0].id").isEqualTo(first).jsonPath("$.accounts[1].id").isEqualTo(second)
                .jsonPath("$.accounts[0].balance").isEqualTo(100);
        post("/customers/999999/accounts", "{\"currency\":\"EUR\",\"balance\":1}").expectStatus().isNotFound();
        http.delete().uri("/customers/" + customer).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("fk_accounts_customer"));
    }

    @Test
    void aTransferMovesMoneyAndWritesTheLedgerWithTheRequestId() {
        long customer = newCustomer("dora@example.com");
        long from = newAccount(customer, 100);
        long to = newAccount(customer, 5);
        http.post().uri("/transfers").header("X-Request-Id", "transfer-42").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\":" + from + ",\"to\":" + to + ",\"amount\":30,\"note\":\"rent\"}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Request-Id", "transfer-42")
                .expectBody().jsonPath("$.from.balance").isEqualTo(70).jsonPath("$.to.balance").isEqualTo(35);
        // the Event hook read the request id from the request's Reactor context
        assertThat(db.raw("SELECT kind, request_id FROM events WHERE account_id IN (?, ?) ORDER BY id", from, to)
                .findMaps().map(row -> row.get("kind") + "/" + row.get("request_id")).collectList().block(TIMEOUT))
                .containsExactly("debit/transfer-42", "credit/transfer-42");
        post("/transfers", "{\"from\":" + from + ",\"to\":" + to + ",\"amount\":71}").expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        post("/transfers", "{\"from\":" + from + ",\"to\":999999,\"amount\":1}").expectStatus().isNotFound();
        http.get().uri("/customers/" + customer).exchange().expectBody()
                .jsonPath("$.accounts[0].balance").isEqualTo(70).jsonPath("$.accounts[1].balance").isEqualTo(35);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void r2ormsSqlLogLinesCarryTheRequestId(CapturedOutput output) {
        http.post().uri("/customers").header("X-Request-Id", "log-7").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"eve@example.com\",\"name\":\"Eve\"}").exchange().expectStatus().isCreated();
        assertThat(output.getOut()).containsPattern("\\[request=log-7\\][^\\n]*dev\\.r2orm\\.sql[^\\n]*INSERT INTO");
    }

    // ------------------------------------------------------------------ committed: concurrency and streaming

    @Test
    @RolledBack(false)
    void twoHundredConcurrentTransfersKeepTheTotal() {
        long customer = newCustomer("many-" + target() + "@example.com");
        List<Long> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accounts.add(newAccount(customer, 1_000_000));
        }
        Flux<HttpStatusCode> statuses = Flux.range(0, 200).flatMap(i -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int from = random.nextInt(10);
            int to = (from + 1 + random.nextInt(9)) % 10;
            return stream.post().uri("/transfers").header("X-Request-Id", "t-" + i)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"from\":" + accounts.get(from) + ",\"to\":" + accounts.get(to) + ",\"amount\":"
                            + (1 + random.nextInt(100)) + "}")
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()));
        }, 200);
        assertThat(statuses.collectList().block(TIMEOUT)).hasSize(200).containsOnly(HttpStatus.OK);
        assertThat(db.raw("SELECT SUM(balance) FROM accounts WHERE customer_id = ?", customer)
                .scan(java.math.BigDecimal.class).single().block(TIMEOUT)).isEqualByComparingTo("10000000");
        assertThat(db.raw("SELECT COUNT(*) FROM events WHERE request_id LIKE 't-%' AND account_id IN ?", accounts)
                .scan(Long.class).single().block(TIMEOUT)).isEqualTo(400L);
    }

    /** Fills the ledger with {@value #LEDGER_ROWS} rows of about 300 bytes once per database. */
    private long ledger() {
        long rows = db.raw("SELECT COUNT(*) FROM events").scan(Long.class).single().block(TIMEOUT);
        if (rows < LEDGER_ROWS) {
            String note = "x".repeat(200);
            db.createInBatches(Flux.range(0, LEDGER_ROWS).map(i -> new Event(i % 100, "credit", i, note)), 2_000)
                    .then().block(Duration.ofMinutes(3));
            rows += LEDGER_ROWS;
        }
        return rows;
    }

    @Test
    @RolledBack(false)
    void theLedgerStreamsAsNdjsonAndServerSentEventsInOrder() {
        long rows = ledger();
        AtomicLong last = new AtomicLong();
        assertThat(http.get().uri("/events/export").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(Event.class).getResponseBody().take(10).count().block(TIMEOUT)).isEqualTo(10L);
        long count = stream.get().uri("/events/export").accept(MediaType.APPLICATION_NDJSON).retrieve()
                .bodyToFlux(Event.class)
                .doOnNext(e -> assertThat(e.id).isGreaterThan(last.getAndSet(e.id))).count().block(TIMEOUT);
        assertThat(count).isEqualTo(rows);
        assertThat(http.get().uri("/events/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(String.class).getResponseBody().take(3).count().block(TIMEOUT)).isEqualTo(3L);
        List<ServerSentEvent<Event>> events = stream.get().uri("/events/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Event>>() {
                }).take(1_000).collectList().block(TIMEOUT);
        assertThat(events).hasSize(1_000).allSatisfy(sse -> {
            assertThat(sse.event()).isEqualTo("movement");
            assertThat(sse.id()).isEqualTo(String.valueOf(sse.data().id));
        });
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    @RolledBack(false)
    void aSlowClientDoesNotMakeTheServerHoldTheLedger() {
        long rows = ledger();
        long before = usedHeapAfterGc();
        long exportedBefore = controller.exportedRows();
        AtomicLong read = new AtomicLong();
        List<Long> heap = new ArrayList<>();
        List<Long> ahead = new ArrayList<>();
        // a client that takes 1,000 rows, then looks away for 50 ms: about 20,000 rows a second
        long received = stream.get().uri("/events/export").accept(MediaType.APPLICATION_NDJSON).retrieve()
                .bodyToFlux(Event.class)
                .buffer(1_000)
                .concatMap(batch -> Mono.delay(Duration.ofMillis(50)).then(Mono.fromCallable(() -> {
                    long now = read.addAndGet(batch.size());
                    if (now % 10_000 == 0) {
                        heap.add(usedHeapAfterGc() - before);
                        ahead.add(controller.exportedRows() - exportedBefore - now);
                    }
                    return batch.size();
                })), 1)
                .reduce(0L, Long::sum).block(Duration.ofMinutes(2));
        assertThat(received).isEqualTo(rows);
        long maxHeap = heap.stream().mapToLong(Long::longValue).max().orElseThrow();
        long maxAhead = ahead.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("[webflux] %-10s slow NDJSON client, %,d rows: heap growth at most %,.1f MB (samples %s),"
                        + " server ahead of the client by at most %,d rows%n", target(), rows, maxHeap / 1e6,
                heap.stream().map(b -> String.format("%.1f", b / 1e6)).toList(), maxAhead);
        // an export that collected the ledger before sending it grew the heap by 23 MB here; a streamed one holds a
        // window of it (fetch size, Netty's buffers), and H2 keeps the table itself in this heap
        assertThat(maxHeap).isLessThan(12_000_000L);
        assertThat(maxAhead).isLessThan(rows / 2);
    }

    /** Statements of the export still running on the server, other than this probe's own. */
    private long exportsRunning() {
        String sql = switch (target()) {
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE '%FROM \"events\"%'"
                    + " AND state <> 'idle' AND pid <> pg_backend_pid()";
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                    + " WHERE EXECUTING_STATEMENT LIKE '%FROM \"events\"%' AND SESSION_ID <> SESSION_ID()";
            default -> "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '%FROM `events`%'"
                    + " AND id <> CONNECTION_ID()";
        };
        return db.raw(sql).scan(Long.class).single().block(TIMEOUT);
    }

    @Test
    @RolledBack(false)
    void aClientThatLeavesAfter1000RowsStopsTheQueryAndFreesTheConnection() {
        ledger();
        assertThat(stream.get().uri("/events/export").accept(MediaType.APPLICATION_NDJSON).retrieve()
                .bodyToFlux(Event.class).take(1_000).count().block(TIMEOUT)).isEqualTo(1_000L);
        long left = System.nanoTime();
        long elapsed;
        while (true) {
            elapsed = System.nanoTime() - left;
            int acquired = db.poolStatus().orElseThrow().acquired();
            long running = exportsRunning();
            if (acquired == 0 && running == 0) {
                break;
            }
            assertThat(Duration.ofNanos(elapsed)).as("%d connections acquired, %d export statements running",
                    acquired, running).isLessThan(Duration.ofSeconds(5));
            Mono.delay(Duration.ofMillis(10)).block();
        }
        System.out.printf("[webflux] %-10s client gone after 1,000 rows: pool idle and no export statement on the"
                + " server %.0f ms later%n", target(), elapsed / 1e6);
    }
}
