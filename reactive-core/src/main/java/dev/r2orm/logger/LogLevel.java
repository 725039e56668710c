package dev.r2orm.logger;

/**
 * How much the SLF4J logger built by {@link Logger#builder()} writes, as GORM's log levels. Each level logs what the
 * one before it logs and more; within that, SLF4J's own level for category {@code dev.r2orm.sql} still applies.
 *
 * <table>
 *   <caption>What each level logs, and at which SLF4J level</caption>
 *   <tr><th>level</th><th>failed statements (SLF4J error)</th><th>slow statements (SLF4J warn)</th>
 *       <th>other statements (SLF4J info)</th></tr>
 *   <tr><td>{@link #SILENT}</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link #ERROR}</td><td>yes</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link #WARN}</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@link #INFO}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * </table>
 */
public enum LogLevel {
    /** Logs nothing. */
    SILENT,
    /** Logs failed statements only, at SLF4J error. */
    ERROR,
    /** Logs failed statements (SLF4J error) and slow statements (SLF4J warn). The default. */
    WARN,
    /** Logs every statement: failed ones at SLF4J error, slow ones at warn, all others at info. */
    INFO
}
