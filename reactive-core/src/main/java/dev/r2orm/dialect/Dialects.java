package dev.r2orm.dialect;

import dev.r2orm.UnsupportedByDialectException;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the {@link Dialect} for a connection factory among those registered with {@link ServiceLoader}. */
public final class Dialects {

    private Dialects() {
    }

    /**
     * Finds the dialect that matches the metadata.
     *
     * @param metadata the connection factory's metadata
     * @return the first registered dialect that matches
     * @throws UnsupportedByDialectException when none matches, naming the database and the dialects found
     */
    public static Dialect find(ConnectionFactoryMetadata metadata) {
        List<Dialect> all = ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
        for (Dialect d : all) {
            if (d.matches(metadata)) {
                return d;
            }
        }
        throw new UnsupportedByDialectException("no r2orm dialect for database '" + metadata.getName()
                + "' (dialects found: " + all.stream().map(Dialect::name).collect(Collectors.toList())
                + "); add dev.r2orm:reactive-dialects to the classpath or set Config.builder().dialect(...)");
    }
}
