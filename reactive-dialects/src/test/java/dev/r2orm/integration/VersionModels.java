package dev.r2orm.integration;

import dev.r2orm.Model;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** Models with a {@code @Version}, for the optimistic locking tests. */
final class VersionModels {

    private VersionModels() {
    }

    /** An integer version, created by AutoMigrate. */
    static class Document {
        Long id;
        @Column(size = 50)
        String title;
        int pages;
        @Version
        int version;
        Instant updatedAt;

        Document() {
        }

        Document(String title, int pages) {
            this.title = title;
            this.pages = pages;
        }
    }

    /** Mapped onto a table written by hand: {@code accounts(account_id, balance, row_version)}. */
    static class Account {
        @PrimaryKey(autoIncrement = false)
        @Column(name = "account_id")
        Long accountId;
        BigDecimal balance;
        @Column(name = "row_version")
        @Version
        Integer rowVersion;

        Account() {
        }

        Account(long accountId, String balance) {
            this.accountId = accountId;
            this.balance = new BigDecimal(balance);
        }
    }

    /** A timestamp version. */
    static class Memo {
        Long id;
        @Column(size = 50)
        String text;
        @Version
        Instant revised;

        Memo() {
        }

        Memo(String text) {
            this.text = text;
        }
    }

    /** Timestamp versions of the other two types, a long one and a short one. */
    static class Sheet {
        Long id;
        @Column(size = 50)
        String name;
        @Version
        OffsetDateTime stamp;

        Sheet() {
        }

        Sheet(String name) {
            this.name = name;
        }
    }

    static class Ledger {
        Long id;
        @Column(size = 50)
        String name;
        @Version
        LocalDateTime stamp;

        Ledger() {
        }

        Ledger(String name) {
            this.name = name;
        }
    }

    static class Counter {
        Long id;
        long hits;
        @Version
        Short version;

        Counter() {
        }

        Counter(long hits) {
            this.hits = hits;
        }
    }

    /** Soft-deleted, with a version. */
    static class Ticket extends Model {
        @Column(size = 50)
        String subject;
        @Version
        Long version;

        Ticket() {
        }

        Ticket(String subject) {
            this.subject = subject;
        }
    }
}
