package dev.r2orm.integration;

import dev.r2orm.annotation.Column;
import java.time.Instant;

/** Models and DTOs for the query API integration tests. */
final class QueryModels {

    private QueryModels() {
    }

    /** An order-like model; named so that its table, {@code purchases}, is not a reserved word. */
    static class Purchase {
        Long id;
        @Column(size = 100)
        String customer;
        int amount;
        @Column(size = 100)
        String status;
        Instant createdAt;

        Purchase() {
        }

        Purchase(String customer, int amount, String status) {
            this.customer = customer;
            this.amount = amount;
            this.status = status;
        }

        @Override
        public String toString() {
            return "Purchase[" + id + ", " + customer + ", " + amount + ", " + status + "]";
        }
    }

    /** A second table to join: {@code customers}. */
    static class Customer {
        Long id;
        @Column(size = 100)
        String name;
        @Column(size = 20)
        String tier;

        Customer() {
        }

        Customer(String name, String tier) {
            this.name = name;
            this.tier = tier;
        }
    }

    /** A DTO with a subset of the purchase columns. */
    record CustomerAmount(String customer, int amount) {
    }

    /** A DTO with one purchase column and one that is not a column of {@code purchases}. */
    record CustomerNote(String customer, String note) {
    }

    /** A DTO for {@code SELECT customer, SUM(amount) AS total ... GROUP BY customer}. */
    record CustomerTotal(String customer, Long total) {
    }
}
