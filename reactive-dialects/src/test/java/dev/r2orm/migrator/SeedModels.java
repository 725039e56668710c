package dev.r2orm.migrator;

import dev.r2orm.Model;
import dev.r2orm.annotation.Check;
import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Ignore;
import dev.r2orm.annotation.Index;
import dev.r2orm.annotation.PrimaryKey;
import dev.r2orm.annotation.UniqueIndex;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The models of the documents r2orm was created from, translated field for field from their GORM tags: {@code uint}
 * as {@code Long}, {@code float64} with {@code type:decimal(10,2)} as {@code BigDecimal}, {@code gorm.Model} as
 * {@link Model}, {@code gorm.DeletedAt} as a soft-delete {@code Instant}.
 */
final class SeedModels {

    private SeedModels() {
    }

    /** {@code ID uint primaryKey; Name size:200;not null; Description type:text; Price decimal(10,2);...}. */
    static class Product {
        @PrimaryKey Long id;
        @Column(size = 200, notNull = true) String name;
        @Column(type = "text") String description;
        @Column(type = "decimal(10,2)", notNull = true) BigDecimal price;
        @Column(defaultValue = "0", notNull = true) int stock;
        @Index Long categoryId;
        Instant createdAt;
        Instant updatedAt;
        @Index Instant deletedAt;
    }

    /** A composite primary key. */
    static class OrderItem {
        @PrimaryKey Long orderId;
        @PrimaryKey Long productId;
        @Column(notNull = true) int quantity;
        @Column(type = "decimal(10,2)", notNull = true) BigDecimal price;
    }

    /** {@code gorm.Model} embedded: id, created_at, updated_at, deleted_at (indexed). */
    static class Customer extends Model {
        @Column(size = 100, notNull = true) String name;
        @UniqueIndex @Column(size = 100, notNull = true) String email;
        @Column(size = 255) String address;
        @Column(size = 100) String city;
        @Column(size = 100) String state;
        @Column(size = 20) String zipCode;
    }

    /** Indexed, checked, defaulted, ignored and composite-indexed fields. */
    static class BlogPost {
        @PrimaryKey(autoIncrement = true) Long id;
        @Index @Column(size = 200, notNull = true) String title;
        @Column(type = "longtext") String content;
        @Column(defaultValue = "0") Long views;
        @Check("status IN ('draft', 'published', 'archived')") @Column(size = 20) String status;
        @Column(notNull = true) Long authorId;
        @Ignore String tags;
        @Index(name = "idx_created_updated", priority = 1) Instant createdAt;
        @Index(name = "idx_created_updated", priority = 2) Instant updatedAt;
    }
}
