package dev.r2orm.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small bank on Spring Boot WebFlux and r2orm: customers and their accounts (CRUD), a transfer between two accounts
 * under row locks, and the ledger of movements streamed as NDJSON or Server-Sent Events. In-memory H2 by default;
 * {@code --spring.profiles.active=postgresql} or {@code mariadb} for a server on this machine. The schema comes from the
 * versioned migrations under {@code db/migration}, run at start-up by r2orm's Spring Boot auto-configuration.
 */
@SpringBootApplication
public class BankApplication {

    /**
     * Starts the bank on port 8080 ({@code server.port} changes it).
     *
     * @param args Spring Boot's arguments ({@code --spring.profiles.active=postgresql}, ...)
     */
    public static void main(String[] args) {
        SpringApplication.run(BankApplication.class, args);
    }
}
