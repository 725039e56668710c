/** A small bank on Spring Boot WebFlux and r2orm. */
@NullMarked
package dev.r2orm.examples.webflux;

import org.jspecify.annotations.NullMarked;
