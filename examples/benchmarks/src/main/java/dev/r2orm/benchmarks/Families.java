package dev.r2orm.benchmarks;

/**
 * The data of W5 (preload): {@value #PARENTS} rows of {@code bench_parents(id, name)}, each with {@value #CHILDREN}
 * rows of {@code bench_children(id, parent_id, name, amount)}, keys numbered from 1 (child {@code c} belongs to parent
 * {@code (c - 1) / 10 + 1} and has the amount {@code c % 100}); the SQL that creates and fills them in the data set
 * {@link Databases#READ}; and the summary every contender's parents with their children must match.
 */
final class Families {

    /** The parents. */
    static final int PARENTS = 1000;

    /** The children of each parent. */
    static final int CHILDREN = 10;

    private Families() {
    }

    /**
     * The DDL of both tables, with an index on the children's foreign key.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @return the statements
     */
    static String[] createTables(String db) {
        return new String[] {
            "CREATE TABLE bench_parents (id BIGINT PRIMARY KEY, name VARCHAR(64))",
            "CREATE TABLE bench_children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, name VARCHAR(64),"
                    + " amount BIGINT NOT NULL)",
            "CREATE INDEX bench_children_parent_id ON bench_children (parent_id)"
        };
    }

    /**
     * The statements that fill both tables.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @return the SQL
     */
    static String[] fill(String db) {
        int children = PARENTS * CHILDREN;
        return switch (db) {
            case "postgres" -> new String[] {
                "INSERT INTO bench_parents (id, name) SELECT g, 'parent-' || g FROM generate_series(1, " + PARENTS
                        + ") g",
                "INSERT INTO bench_children (id, parent_id, name, amount) SELECT g, (g - 1) / " + CHILDREN
                        + " + 1, 'child-' || g, g % 100 FROM generate_series(1, " + children + ") g"
            };
            case "mariadb" -> new String[] {
                "INSERT INTO bench_parents (id, name) SELECT seq, CONCAT('parent-', seq) FROM seq_1_to_" + PARENTS,
                "INSERT INTO bench_children (id, parent_id, name, amount) SELECT seq, (seq - 1) DIV " + CHILDREN
                        + " + 1, CONCAT('child-', seq), seq % 100 FROM seq_1_to_" + children
            };
            default -> new String[] {
                "INSERT INTO bench_parents (id, name) SELECT \"X\", CONCAT('parent-', \"X\") FROM SYSTEM_RANGE(1, "
                        + PARENTS + ")",
                "INSERT INTO bench_children (id, parent_id, name, amount) SELECT \"X\", (\"X\" - 1) / " + CHILDREN
                        + " + 1, CONCAT('child-', \"X\"), MOD(\"X\", 100) FROM SYSTEM_RANGE(1, " + children + ")"
            };
        };
    }

    /**
     * Checks that the data set holds the families, as the runner (or, on H2, the fork) wrote them.
     *
     * @param db {@code postgres}, {@code mariadb} or {@code h2}
     * @throws IllegalStateException when it does not
     */
    static void require(String db) {
        String url = Databases.url(db, Databases.READ);
        long[] p = Databases.numbers(url, "SELECT COUNT(*) FROM bench_parents");
        long[] c = Databases.numbers(url, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM bench_children");
        Summary e = Summary.expected();
        if (p[0] != e.parents || c[0] != e.children || c[1] != e.amounts) {
            throw new IllegalStateException(db + " holds " + p[0] + " parents and " + c[0] + " children (amount sum "
                    + c[1] + "), expected " + e);
        }
    }

    /** Sums over parents and their children, computed alike from every contender's objects. */
    static final class Summary {
        long parents;
        long children;
        long amounts;
        long misplaced;
        long nameChars;

        /**
         * Adds a parent.
         *
         * @param name its name
         * @return this summary
         */
        Summary parent(String name) {
            parents++;
            nameChars += name.length();
            return this;
        }

        /**
         * Adds a child found in the list of a parent.
         *
         * @param parentId the key of the parent whose list holds it
         * @param childParentId the child's foreign key
         * @param name its name
         * @param amount its amount
         * @return this summary
         */
        Summary child(long parentId, long childParentId, String name, long amount) {
            children++;
            amounts += amount;
            nameChars += name.length();
            if (parentId != childParentId) {
                misplaced++;
            }
            return this;
        }

        /**
         * @param parents r2orm's or the raw form's parents, their children in their lists
         * @return their summary
         */
        static Summary ofParents(java.util.List<BenchParent> parents) {
            Summary s = new Summary();
            for (BenchParent p : parents) {
                s.parent(p.name);
                if (p.children != null) {
                    for (BenchChild c : p.children) {
                        s.child(p.id, c.parentId, c.name, c.amount);
                    }
                }
            }
            return s;
        }

        /** @return the summary of every parent with its children as {@link #fill} writes them */
        static Summary expected() {
            Summary s = new Summary();
            for (long p = 1; p <= PARENTS; p++) {
                s.parent("parent-" + p);
                for (long c = (p - 1) * CHILDREN + 1; c <= p * CHILDREN; c++) {
                    s.child(p, p, "child-" + c, c % 100);
                }
            }
            return s;
        }

        /**
         * @param expected the expected summary
         * @param what what was read, for the error
         * @return the parents
         * @throws IllegalStateException when they differ
         */
        long require(Summary expected, String what) {
            if (!toString().equals(expected.toString())) {
                throw new IllegalStateException(what + " read back wrong: got " + this + ", expected " + expected);
            }
            return parents;
        }

        @Override
        public String toString() {
            return "parents=" + parents + " children=" + children + " amounts=" + amounts + " misplaced=" + misplaced
                    + " nameChars=" + nameChars;
        }
    }
}
