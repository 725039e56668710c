package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r2orm.migrate.SqlSplitter.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlSplitterTest {

    private static List<String> sqls(String text) {
        return SqlSplitter.split(text).stream().map(Statement::sql).toList();
    }

    @Test
    void semicolonEndsAStatementAndTheTextIsTrimmed() {
        assertThat(sqls("CREATE TABLE a (id INT);\n  CREATE TABLE b (id INT) ;\n"))
                .containsExactly("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)");
    }

    @Test
    void lastStatementNeedsNoDelimiter() {
        assertThat(sqls("SELECT 1;\nSELECT 2\n")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void indexCountsOnlyKeptStatements() {
        List<Statement> statements = SqlSplitter.split(";;\n-- nothing\n;SELECT 1;; ;SELECT 2;");
        assertThat(statements).extracting(Statement::sql).containsExactly("SELECT 1", "SELECT 2");
        assertThat(statements).extracting(Statement::index).containsExactly(1, 2);
    }

    @Test
    void semicolonInsideQuotesDoesNotSplit() {
        assertThat(sqls("INSERT INTO t VALUES ('a;b', \"c;d\");\nSELECT `odd;name` FROM t;"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT `odd;name` FROM t");
    }

    @Test
    void doubledQuotesStayInsideTheirString() {
        assertThat(sqls("INSERT INTO t VALUES ('it''s; fine');\nSELECT \"a\"\"b;\" FROM `x``;y`;\nSELECT 3"))
                .containsExactly(
                        "INSERT INTO t VALUES ('it''s; fine')", "SELECT \"a\"\"b;\" FROM `x``;y`", "SELECT 3");
    }

    @Test
    void backslashEscapesTheNextCharacterInSingleAndDoubleQuotes() {
        assertThat(sqls("INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e\\\\');\nSELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e\\\\')", "SELECT 2");
    }

    @Test
    void stringsMayHoldCommentMarkers() {
        assertThat(sqls("INSERT INTO t VALUES ('-- no', '/* no', '# no', '$$ no');\nSELECT 2;"))
                .containsExactly("INSERT INTO t VALUES ('-- no', '/* no', '# no', '$$ no')", "SELECT 2");
    }

    @Test
    void dashDashCommentsHideSemicolonsAndQuotes() {
        assertThat(sqls("SELECT 1 -- it's; not here\nFROM dual;\nSELECT 2;"))
                .containsExactly("SELECT 1 -- it's; not here\nFROM dual", "SELECT 2");
    }

    @Test
    void dashDashWithoutSpaceIsNotAComment() {
        assertThat(sqls("SELECT 5--1;\nSELECT 2;")).containsExactly("SELECT 5--1", "SELECT 2");
    }

    @Test
    void hashCommentsStartAtLineStartOrAfterWhitespace() {
        assertThat(sqls("# header; with a semicolon\nSELECT 1 # it's; a comment\nFROM dual;#after\nSELECT 2;"))
                .containsExactly("SELECT 1 # it's; a comment\nFROM dual", "SELECT 2");
    }

    @Test
    void hashInsideAWordOrOperatorIsNotAComment() {
        assertThat(sqls("SELECT 5#3;\nSELECT a#b FROM t;")).containsExactly("SELECT 5#3", "SELECT a#b FROM t");
    }

    @Test
    void blockCommentsHideSemicolonsAndAreKeptBetweenTokens() {
        assertThat(sqls("/* leading; */ SELECT /* inner; 'quote */ 1;\n/* only a comment; */;\nSELECT 2 /* trailing */;"))
                .containsExactly("SELECT /* inner; 'quote */ 1", "SELECT 2");
    }

    @Test
    void executableCommentsAreStatementText() {
        assertThat(sqls("/*!40101 SET @OLD = @@SQL_MODE; */;\n/*M!100100 SET x = 1 */;\nSELECT /*+ NO_ICP(t) */ 1;"))
                .containsExactly("/*!40101 SET @OLD = @@SQL_MODE; */", "/*M!100100 SET x = 1 */",
                        "SELECT /*+ NO_ICP(t) */ 1");
    }

    @Test
    void postgresFunctionWithDollarQuotedBody() {
        String function = """
                CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$ LANGUAGE plpgsql""";
        assertThat(sqls(function + ";\nCREATE TABLE t (id INT);"))
                .containsExactly(function, "CREATE TABLE t (id INT)");
    }

    @Test
    void taggedDollarQuoteMayHoldPlainDollarQuotes() {
        String block = """
                DO $outer$
                BEGIN
                    EXECUTE $$CREATE TABLE x (id INT); DROP TABLE x;$$;
                    RAISE NOTICE 'done; $x$';
                END
                $outer$""";
        assertThat(sqls(block + ";\nSELECT 1")).containsExactly(block, "SELECT 1");
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertThat(sqls("PREPARE q(int) AS SELECT $1;\nSELECT $1$;\nSELECT col$x$ FROM t;\nSELECT 4"))
                .containsExactly("PREPARE q(int) AS SELECT $1", "SELECT $1$", "SELECT col$x$ FROM t", "SELECT 4");
    }

    @Test
    void mysqlProcedureWithNestedBlocksIsOneStatement() {
        String procedure = """
                CREATE PROCEDURE fill(IN n INT)
                BEGIN
                    DECLARE i INT DEFAULT 0;
                    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;
                    WHILE i < n DO
                        IF i % 2 = 0 THEN
                            INSERT INTO t VALUES (i, 'even');
                        ELSEIF i % 3 = 0 THEN
                            INSERT INTO t VALUES (i, 'three');
                        ELSE
                            BEGIN
                                INSERT INTO t VALUES (i, 'odd');
                            END;
                        END IF;
                        CASE i
                            WHEN 1 THEN SET @one = 1;
                            ELSE SET @other = CASE WHEN i > 5 THEN 'big' ELSE 'small' END;
                        END CASE;
                        SET i = i + 1;
                    END WHILE;
                    again: REPEAT SET i = i - 1; UNTIL i <= 0 END REPEAT again;
                    spin: LOOP LEAVE spin; END LOOP spin;
                END""";
        assertThat(sqls(procedure + ";\nCALL fill(10);")).containsExactly(procedure, "CALL fill(10)");
    }

    @Test
    void triggerForEachRowBeginEndIsOneStatement() {
        String trigger = """
                CREATE TRIGGER stamp BEFORE UPDATE ON users FOR EACH ROW
                BEGIN
                    IF NEW.email <> OLD.email THEN
                        SET NEW.verified = 0;
                    END IF;
                    SET NEW.updated_at = NOW();
                END""";
        assertThat(sqls(trigger + ";\nCREATE TRIGGER simple BEFORE INSERT ON users FOR EACH ROW SET NEW.id = UUID();\nSELECT 1"))
                .containsExactly(trigger,
                        "CREATE TRIGGER simple BEFORE INSERT ON users FOR EACH ROW SET NEW.id = UUID()", "SELECT 1");
    }

    @Test
    void definerAndOrReplaceMayComeBeforeTheRoutineKeyword() {
        String function = """
                CREATE OR REPLACE DEFINER = `admin`@`%` FUNCTION grade(score INT) RETURNS CHAR(1) DETERMINISTIC
                BEGIN
                    RETURN CASE WHEN score > 90 THEN 'A' ELSE 'B' END;
                END""";
        String event = """
                CREATE DEFINER=admin@localhost EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN
                    DELETE FROM log WHERE at < NOW() - INTERVAL 7 DAY;
                END""";
        assertThat(sqls(function + ";\n" + event + ";\nSELECT 3")).containsExactly(function, event, "SELECT 3");
    }

    @Test
    void mariadbForLoopEndsWithEndFor() {
        String procedure = """
                CREATE PROCEDURE count_up()
                BEGIN
                    FOR i IN 1..3 DO
                        INSERT INTO t VALUES (i);
                    END FOR;
                END""";
        assertThat(sqls(procedure + ";\nSELECT 2")).containsExactly(procedure, "SELECT 2");
    }

    @Test
    void keywordsAreWholeWordsOnly() {
        String procedure = """
                CREATE PROCEDURE rename_backend()
                BEGIN
                    UPDATE backend SET end_date = NOW(), ending = 1, begin_at = NULL, cases = 0;
                    UPDATE backend SET endless = 1;
                END""";
        assertThat(sqls(procedure + ";\nSELECT 2")).containsExactly(procedure, "SELECT 2");
    }

    @Test
    void keywordsInsideQuotesAndCommentsDoNotCount() {
        String procedure = """
                CREATE PROCEDURE quiet()
                BEGIN
                    -- END here is a comment
                    # so is this END
                    /* END */
                    SELECT 'END', "BEGIN", `case`;
                END""";
        assertThat(sqls(procedure + ";\nSELECT 2")).containsExactly(procedure, "SELECT 2");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        String procedure = "create procedure p()\nbegin\n  if 1 then select 1; end if;\n  select 2;\nEnd";
        assertThat(sqls(procedure + ";\nselect 3")).containsExactly(procedure, "select 3");
    }

    @Test
    void blocksAreCountedOnlyInsideRoutines() {
        assertThat(sqls("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nROLLBACK;"))
                .containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT", "BEGIN WORK", "ROLLBACK");
        assertThat(sqls("CREATE TABLE event (id INT, begin DATETIME);\nUPDATE event SET begin = NOW();\n"
                        + "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 'begin' END AS k FROM event;\nSELECT 4"))
                .containsExactly("CREATE TABLE event (id INT, begin DATETIME)", "UPDATE event SET begin = NOW()",
                        "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 'begin' END AS k FROM event", "SELECT 4");
    }

    @Test
    void delimiterLinesChangeTheDelimiterAndAreNotStatements() {
        String text = """
                DELIMITER $$
                CREATE PROCEDURE p()
                BEGIN
                    SELECT 1;
                END$$
                CREATE FUNCTION f() RETURNS INT RETURN 1 $$
                DELIMITER ;
                CALL p();
                delimiter //
                SELECT 2; SELECT 3//
                delimiter ;
                SELECT 4
                """;
        List<Statement> statements = SqlSplitter.split(text);
        assertThat(statements).extracting(Statement::sql).containsExactly(
                "CREATE PROCEDURE p()\nBEGIN\n    SELECT 1;\nEND",
                "CREATE FUNCTION f() RETURNS INT RETURN 1",
                "CALL p()",
                "SELECT 2; SELECT 3",
                "SELECT 4");
        assertThat(statements).extracting(Statement::line).containsExactly(2, 6, 8, 10, 12);
    }

    @Test
    void aColumnNamedDelimiterIsNotADelimiterLine() {
        assertThat(sqls("CREATE TABLE formats (\n  delimiter CHAR(1)\n);\nSELECT 2"))
                .containsExactly("CREATE TABLE formats (\n  delimiter CHAR(1)\n)", "SELECT 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\t\r\n", "-- just a comment", "# hash\n-- dash\n/* block; */\n", ";\n;",
        "DELIMITER $$\nDELIMITER ;\n"})
    void textWithoutStatementsIsEmpty(String text) {
        assertThat(SqlSplitter.isEmpty(text)).isTrue();
        assertThat(SqlSplitter.split(text)).isEmpty();
    }

    @Test
    void textWithAStatementIsNotEmpty() {
        assertThat(SqlSplitter.isEmpty("-- comment\nSELECT 1")).isFalse();
        assertThat(SqlSplitter.isEmpty("/*!40101 SET NAMES utf8 */")).isFalse();
    }

    @Test
    void trailingCommentAfterTheLastDelimiterYieldsNothing() {
        String golangMigrateExample = "CREATE UNIQUE INDEX CONCURRENTLY users_email_index ON users (email);\n\n"
                + "-- Lorem ipsum dolor sit amet";
        List<Statement> statements = SqlSplitter.split(golangMigrateExample);
        assertThat(statements).containsExactly(
                new Statement("CREATE UNIQUE INDEX CONCURRENTLY users_email_index ON users (email)", 1, 1));
    }

    @Test
    void leadingCommentsAreDroppedAndLineIsTheFirstTokens() {
        String text = """
                -- create the users
                /* a block
                   over lines */

                CREATE TABLE users (id INT);
                   # a note
                   INSERT INTO users VALUES (1); INSERT INTO users VALUES (2);
                SELECT
                  1""";
        assertThat(SqlSplitter.split(text)).containsExactly(
                new Statement("CREATE TABLE users (id INT)", 1, 5),
                new Statement("INSERT INTO users VALUES (1)", 2, 7),
                new Statement("INSERT INTO users VALUES (2)", 3, 7),
                new Statement("SELECT\n  1", 4, 8));
    }

    @Test
    void windowsLineEndingsWork() {
        String text = "-- first\r\nCREATE TABLE a (id INT);\r\n\r\n# second\r\nCREATE TABLE b (id INT)\r\n;\r\n"
                + "DELIMITER //\r\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\r\nDELIMITER ;\r\nSELECT 'x'\r\n";
        assertThat(SqlSplitter.split(text)).containsExactly(
                new Statement("CREATE TABLE a (id INT)", 1, 2),
                new Statement("CREATE TABLE b (id INT)", 2, 5),
                new Statement("CREATE PROCEDURE p() BEGIN SELECT 1; END", 3, 8),
                new Statement("SELECT 'x'", 4, 10));
    }

    @Test
    void unterminatedQuoteOrCommentRunsToTheEnd() {
        assertThat(sqls("SELECT 1;\nSELECT 'open; still open")).containsExactly("SELECT 1", "SELECT 'open; still open");
        assertThat(sqls("SELECT 1;\n/* open; comment")).containsExactly("SELECT 1");
    }

    @Test
    void postgresReadsBackslashesLiterallyExceptInEscapeStringsAndHashAsAnOperator() {
        List<SqlSplitter.Statement> pg = SqlSplitter.split(
                "INSERT INTO paths VALUES ('C:\\');\nSELECT E'it\\'s;' , 5 # 3;\nSELECT 2", true);
        assertThat(pg).extracting(SqlSplitter.Statement::sql).containsExactly("INSERT INTO paths VALUES ('C:\\')",
                "SELECT E'it\\'s;' , 5 # 3", "SELECT 2");
    }
}
