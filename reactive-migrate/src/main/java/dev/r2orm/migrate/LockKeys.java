package dev.r2orm.migrate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * golang-migrate's lock keys, so that r2orm and golang-migrate running against one database exclude each other: the
 * CRC-32 (IEEE) of a name multiplied by golang-migrate's salt, modulo 2^32. On PostgreSQL the name is
 * {@code schema NUL table NUL database} and the key an advisory lock id; on MySQL and MariaDB it is
 * {@code database:table} and the key, in decimal, a {@code GET_LOCK} name.
 */
final class LockKeys {

    private static final long SALT = 1486364155L;

    private LockKeys() {
    }

    /**
     * The key of a name, with more names joined before it by NUL characters, as golang-migrate computes it.
     *
     * @param name the last name (golang-migrate's database name)
     * @param before the names that precede it
     * @return the key, 0 to 2^32 - 1
     */
    static long id(String name, String... before) {
        StringBuilder text = new StringBuilder();
        for (String b : before) {
            text.append(b).append('\0');
        }
        text.append(name);
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return (crc.getValue() * SALT) & 0xFFFF_FFFFL;
    }

    /**
     * The PostgreSQL advisory lock id for a migrations table.
     *
     * @param database the database name as golang-migrate sees it: {@code /name} when it was opened from a URL,
     *     {@code name} when it was given a connection
     * @param schema the schema holding the table
     * @param table the table name
     * @return the advisory lock id
     */
    static long postgres(String database, String schema, String table) {
        return id(database, schema, table);
    }

    /**
     * The MySQL and MariaDB {@code GET_LOCK} name for a migrations table.
     *
     * @param database the database
     * @param table the table name
     * @return the lock name: the key in decimal
     */
    static String mysql(String database, String table) {
        return Long.toString(id(database + ":" + table));
    }
}
