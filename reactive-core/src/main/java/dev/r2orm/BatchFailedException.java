package dev.r2orm;

/**
 * Signalled by {@link Db#createInBatches} when writing one chunk fails. It names the chunk; its cause is the typed
 * error of the failing statement (a {@link DuplicatedKeyException}, for example). Outside a transaction every chunk
 * commits on its own, so the {@link #committedRows()} rows of the earlier chunks stay written and the failing chunk
 * leaves nothing (its statements share a transaction unless the session skips default transactions); inside a
 * transaction the error rolls the whole transaction back and no chunk stays written.
 */
public class BatchFailedException extends R2ormException {

    private static final long serialVersionUID = 1L;

    private final long chunk;
    private final long firstRow;
    private final int rows;
    private final long committedRows;

    /**
     * Creates the exception.
     *
     * @param chunk the index of the failing chunk, from 0
     * @param firstRow the index in the source of the chunk's first row, from 0
     * @param rows the rows in the failing chunk
     * @param committedRows the rows of earlier chunks that stay written (0 inside a transaction)
     * @param cause the error of the failing statement
     */
    public BatchFailedException(long chunk, long firstRow, int rows, long committedRows, Throwable cause) {
        super("createInBatches: chunk " + chunk + " (source rows " + firstRow + " to " + (firstRow + rows - 1)
                + ") failed; " + (committedRows > 0 ? "the " + committedRows
                + " rows of the earlier chunks stay committed" : "no earlier rows stay written")
                + ": " + cause.getMessage(), cause);
        this.chunk = chunk;
        this.firstRow = firstRow;
        this.rows = rows;
        this.committedRows = committedRows;
    }

    /** @return the index of the failing chunk, from 0 */
    public long chunk() {
        return chunk;
    }

    /** @return the index in the source of the failing chunk's first row, from 0 */
    public long firstRow() {
        return firstRow;
    }

    /** @return the rows in the failing chunk */
    public int rows() {
        return rows;
    }

    /** @return the rows of the earlier chunks that stay written: 0 inside a transaction, which rolls them back */
    public long committedRows() {
        return committedRows;
    }

    @Override
    public boolean isRetryable() {
        return getCause() instanceof R2ormException e && e.isRetryable();
    }
}
