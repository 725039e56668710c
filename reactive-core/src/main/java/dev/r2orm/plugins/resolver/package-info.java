/**
 * Read/write splitting (GORM's dbresolver): reads to replicas, writes and transactions to sources, with replica health,
 * failover to the source, read-your-writes and read-only transactions on replicas.
 */
@NullMarked
package dev.r2orm.plugins.resolver;

import org.jspecify.annotations.NullMarked;
