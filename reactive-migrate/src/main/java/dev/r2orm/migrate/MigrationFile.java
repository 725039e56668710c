package dev.r2orm.migrate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One migration file: {@code 000001_create_users.up.sql} is version 1, name {@code create_users}, direction up. The
 * bytes are kept as read, for checksums; {@link #sql()} is their UTF-8 text.
 */
public final class MigrationFile {

    private final long version;
    private final String name;
    private final Direction direction;
    private final String fileName;
    private final byte[] bytes;

    /**
     * Creates a file.
     *
     * @param version the version, at least 0
     * @param name the part of the file name after the version's {@code _}
     * @param direction up or down
     * @param fileName the file's own name, without folders
     * @param bytes the content as read
     */
    public MigrationFile(long version, String name, Direction direction, String fileName, byte[] bytes) {
        if (version < 0) {
            throw new IllegalArgumentException("a migration version is 0 or more: " + version);
        }
        this.version = version;
        this.name = name;
        this.direction = direction;
        this.fileName = fileName;
        this.bytes = bytes.clone();
    }

    /** @return the version */
    public long version() {
        return version;
    }

    /** @return the name after the version: {@code create_users} */
    public String name() {
        return name;
    }

    /** @return up or down */
    public Direction direction() {
        return direction;
    }

    /** @return the file's own name: {@code 000001_create_users.up.sql} */
    public String fileName() {
        return fileName;
    }

    /** @return a copy of the content as read */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the content as UTF-8 text */
    public String sql() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationFile f && f.version == version && f.direction == direction
                && f.fileName.equals(fileName) && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + fileName.hashCode();
    }

    @Override
    public String toString() {
        return fileName;
    }
}
