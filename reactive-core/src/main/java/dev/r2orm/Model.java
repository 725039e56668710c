package dev.r2orm;

import dev.r2orm.annotation.Index;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An optional base class giving a model GORM's {@code gorm.Model} fields: an auto-increment {@code id} primary key,
 * {@code createdAt} and {@code updatedAt}, set when a row is written, and {@code deletedAt}, indexed (as GORM's
 * {@code DeletedAt} is) since every query of a soft-deleting model filters on it.
 *
 * <pre>{@code
 * public class User extends Model {
 *     String name;
 * }
 * // CREATE TABLE "users" ("id" bigserial,"created_at" ...,"updated_at" ...,"deleted_at" ...,"name" text,PRIMARY KEY ("id"))
 * }</pre>
 */
public abstract class Model {

    private @Nullable Long id;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    @Index
    private @Nullable Instant deletedAt;

    /** Creates a model with every field unset. */
    protected Model() {
    }

    /** @return the primary key; null until the row is created */
    public @Nullable Long getId() {
        return id;
    }

    /** @param id the primary key */
    public void setId(@Nullable Long id) {
        this.id = id;
    }

    /** @return when the row was created; set by r2orm on create when unset */
    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    /** @param createdAt when the row was created */
    public void setCreatedAt(@Nullable Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** @return when the row was last written; set by r2orm on create when unset */
    public @Nullable Instant getUpdatedAt() {
        return updatedAt;
    }

    /** @param updatedAt when the row was last written */
    public void setUpdatedAt(@Nullable Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    /** @return when the row was deleted, or null */
    public @Nullable Instant getDeletedAt() {
        return deletedAt;
    }

    /** @param deletedAt when the row was deleted */
    public void setDeletedAt(@Nullable Instant deletedAt) {
        this.deletedAt = deletedAt;
    }
}
