package dev.r2orm.migrate;

/** The direction of a migration file: {@code .up.} applies a version, {@code .down.} reverts it. */
public enum Direction {
    /** Applies a version. */
    UP("up", "u"),
    /** Reverts a version. */
    DOWN("down", "d");

    private final String word;
    private final String mark;

    Direction(String word, String mark) {
        this.word = word;
        this.mark = mark;
    }

    /** @return the word in file names: {@code up} or {@code down} */
    public String word() {
        return word;
    }

    /** @return golang-migrate's mark in progress lines: {@code u} or {@code d} */
    public String mark() {
        return mark;
    }
}
