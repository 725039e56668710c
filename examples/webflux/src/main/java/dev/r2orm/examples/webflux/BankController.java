package dev.r2orm.examples.webflux;

import dev.r2orm.Db;
import dev.r2orm.RecordNotFoundException;
import dev.r2orm.TxOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's HTTP API. Every handler returns r2orm's lazy {@code Mono} or {@code Flux}: nothing runs until WebFlux
 * subscribes, and a client that goes away cancels the work and gives its connection back. Errors become HTTP statuses
 * in {@link BankErrors}.
 */
@RestController
public class BankController {

    /** Deadlocks and serialization failures re-run the whole transfer, at most three times. */
    private static final TxOptions TRANSFER = TxOptions.builder().retries(3, Duration.ofMillis(20)).build();

    private final Db db;
    private final AtomicLong exported = new AtomicLong();

    /**
     * Creates the controller.
     *
     * @param db r2orm's database, auto-configured on the application's connection pool
     */
    public BankController(Db db) {
        this.db = db;
    }

    /** A new customer: an email with an {@code @} and a name, both at most as long as their columns. */
    record NewCustomer(@Nullable String email, @Nullable String name) {
        Customer validated() {
            if (email == null || !email.matches("[^@\\s]+@[^@\\s]+") || email.length() > 200) {
                throw new InvalidRequest("email must look like name@domain, at most 200 characters");
            }
            return new Customer(email, NewName.checked(name));
        }
    }

    /** A customer's new name. */
    record NewName(@Nullable String name) {
        static String checked(@Nullable String name) {
            if (name == null || name.isBlank() || name.length() > 100) {
                throw new InvalidRequest("name must not be blank, at most 100 characters");
            }
            return name.strip();
        }
    }

    /** A new account: a three-letter currency and an opening balance of zero or more. */
    record NewAccount(@Nullable String currency, long balance) {
        Account validated(long customerId) {
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw new InvalidRequest("currency must be three capital letters (ISO 4217)");
            }
            if (balance < 0) {
                throw new InvalidRequest("balance must not be negative");
            }
            return new Account(customerId, currency, balance);
        }
    }

    /** A transfer of {@code amount} minor units between two accounts of one currency. */
    record TransferRequest(long from, long to, long amount, @Nullable String note) {
        void validate() {
            if (amount <= 0) {
                throw new InvalidRequest("amount must be positive");
            }
            if (from == to) {
                throw new InvalidRequest("from and to must be different accounts");
            }
            if (note != null && note.length() > 300) {
                throw new InvalidRequest("note must be at most 300 characters");
            }
        }
    }

    /** The two accounts after a transfer. */
    record Transfer(Account from, Account to) {
    }

    /**
     * Creates a customer.
     *
     * @param body the email and name
     * @return 201 with the customer; 400 when invalid; 409 when the email is taken
     */
    @PostMapping("/customers")
    public Mono<ResponseEntity<Customer>> createCustomer(@RequestBody NewCustomer body) {
        return Mono.fromCallable(body::validated).flatMap(db::create)
                .map(c -> ResponseEntity.created(URI.create("/customers/" + c.id)).body(c));
    }

    /**
     * A customer with its accounts, in two queries ({@code preload}).
     *
     * @param id the customer
     * @return the customer; 404 when there is none
     */
    @GetMapping("/customers/{id}")
    public Mono<Customer> customer(@PathVariable long id) {
        return db.model(Customer.class).preload("accounts").first(id);
    }

    /**
     * Renames a customer.
     *
     * @param id the customer
     * @param body the new name
     * @return the customer; 404 when there is none; 400 when the name is invalid
     */
    @PutMapping("/customers/{id}")
    public Mono<Customer> rename(@PathVariable long id, @RequestBody NewName body) {
        return Mono.fromCallable(() -> NewName.checked(body.name()))
                .flatMap(name -> db.model(Customer.class).first(id).flatMap(c -> {
                    c.name = name;
                    return db.save(c);
                }));
    }

    /**
     * Deletes a customer without accounts.
     *
     * @param id the customer
     * @return 204; 404 when there is none; 409 while it has accounts
     */
    @DeleteMapping("/customers/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deleteCustomer(@PathVariable long id) {
        return db.model(Customer.class).where("id = ?", id).delete()
                .flatMap(n -> n == 0 ? Mono.error(new RecordNotFoundException("no customer " + id)) : Mono.empty());
    }

    /**
     * Opens an account.
     *
     * @param id the customer
     * @param body the currency and opening balance
     * @return 201 with the account; 404 when the customer does not exist; 400 when invalid
     */
    @PostMapping("/customers/{id}/accounts")
    public Mono<ResponseEntity<Account>> openAccount(@PathVariable long id, @RequestBody NewAccount body) {
        return Mono.fromCallable(() -> body.validated(id))
                .flatMap(account -> db.model(Customer.class).first(id).then(db.create(account)))
                .map(a -> ResponseEntity.created(URI.create("/accounts/" + a.id)).body(a));
    }

    /**
     * Moves money between two accounts in one transaction: both rows locked ({@code SELECT ... FOR UPDATE}, in id
     * order so that two opposite transfers cannot deadlock), the balance checked, both rows updated, a debit and a
     * credit written to the ledger; all or nothing.
     *
     * @param body the accounts, amount and note
     * @return the two accounts; 404 when one does not exist; 409 on insufficient funds; 400 when invalid
     */
    @PostMapping("/transfers")
    public Mono<Transfer> transfer(@RequestBody TransferRequest body) {
        return Mono.fromRunnable(body::validate).then(db.transactionMono(TRANSFER, tx -> tx.model(Account.class)
                .where("id IN ?", List.of(body.from(), body.to())).order("id").forUpdate().find().collectList()
                .flatMap(locked -> {
                    Account from = find(locked, body.from());
                    Account to = find(locked, body.to());
                    if (!from.currency.equals(to.currency)) {
                        return Mono.error(new InvalidRequest("the accounts hold different currencies"));
                    }
                    if (from.balance < body.amount()) {
                        return Mono.error(new InsufficientFunds(from.id));
                    }
                    from.balance -= body.amount();
                    to.balance += body.amount();
                    return tx.model(Account.class).where("id = ?", from.id).update("balance", from.balance)
                            .then(tx.model(Account.class).where("id = ?", to.id).update("balance", to.balance))
                            .thenMany(tx.createAll(List.of(new Event(from.id, "debit", body.amount(), body.note()),
                                    new Event(to.id, "credit", body.amount(), body.note()))))
                            .then(Mono.just(new Transfer(from, to)));
                })));
    }

    private static Account find(List<Account> locked, long id) {
        return locked.stream().filter(a -> a.id != null && a.id == id).findFirst()
                .orElseThrow(() -> new RecordNotFoundException("no account " + id));
    }

    /**
     * The ledger as newline-delimited JSON, in id order, streamed: rows are read from the database as the client
     * takes them (r2orm's fetch size, {@code r2orm.fetch-size}), so a slow client does not make the server hold the
     * table; a client that disconnects stops the query and gives its connection back.
     *
     * @return the events
     */
    @GetMapping(value = "/events/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
    public Flux<Event> export() {
        return db.model(Event.class).order("id").find().doOnNext(e -> exported.incrementAndGet());
    }

    /**
     * The ledger as Server-Sent Events, one event per row with the row's id as the event id, streamed as
     * {@link #export()} is.
     *
     * @return the events
     */
    @GetMapping(value = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Event>> stream() {
        return export().map(e -> ServerSentEvent.builder(e).id(String.valueOf(e.id)).event("movement").build());
    }

    /** @return rows the exports have handed to the web layer since start-up */
    public long exportedRows() {
        return exported.get();
    }
}
