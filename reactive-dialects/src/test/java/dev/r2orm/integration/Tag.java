package dev.r2orm.integration;

import dev.r2orm.annotation.Column;

/**
 * A record model: back-filled values produce a new record.
 *
 * @param id the key
 * @param label the label
 */
public record Tag(Long id, @Column(size = 50) String label) {
}
