package dev.r2orm.benchmarks;

import dev.r2orm.annotation.Column;
import dev.r2orm.annotation.Table;
import org.jspecify.annotations.Nullable;

/** W5's child, table {@code bench_children}. */
@Table("bench_children")
public class BenchChild {

    /** The primary key. */
    public @Nullable Long id;

    /** The parent's key. */
    public long parentId;

    /** A short text. */
    @Column(size = 64)
    public @Nullable String name;

    /** The column W5 sums. */
    public long amount;

    /** An empty row, for the mappers. */
    public BenchChild() {
    }
}
