package dev.r2orm.benchmarks;

import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.ForeignKey;
import dev.r2orm.annotation.Table;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** W5's parent, table {@code bench_parents}, with its children (has-many through {@code bench_children.parent_id}). */
@Table("bench_parents")
public class BenchParent {

    /** The primary key. */
    public @Nullable Long id;

    /** A short text. */
    @Column(size = 64)
    public @Nullable String name;

    /** The children, filled by a preload (r2orm) or by hand (the other contenders). */
    @ForeignKey("parentId")
    public @Nullable List<BenchChild> children;

    /** An empty row, for the mappers. */
    public BenchParent() {
    }
}
