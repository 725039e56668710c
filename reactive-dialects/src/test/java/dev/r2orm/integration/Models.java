package dev.r2orm.integration;

import dev.r2orm.Model;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Ignore;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.Table;
import java.time.LocalDateTime;
import java.util.List;

/** Small models for mapping tests. */
final class Models {

    private Models() {
    }

    /** Extends the base model: id, createdAt, updatedAt, deletedAt come first. */
    static class Account extends Model {
        @Column(size = 40)
        String owner;
        long cents;
    }

    /** A string primary key, set by the caller. */
    static class Language {
        @PrimaryKey
        @Column(size = 10)
        String code;
        @Column(size = 50)
        String name;
    }

    /** A composite primary key, neither part generated. */
    @Table("product_translations")
    static class ProductTranslation {
        @PrimaryKey
        long productId;
        @PrimaryKey
        @Column(size = 10)
        String locale;
        @Column(name = "title_text", size = 100)
        String title;
        @Ignore
        String scratch;
        transient String alsoIgnored;
    }

    /** A record with primitives and a local date-time. */
    record Event(Long id, int priority, boolean urgent, LocalDateTime at) {
    }

    /** Not mappable: a Set field without @Ignore. */
    static class Broken {
        Long id;
        java.util.Set<String> tags;
    }
}
