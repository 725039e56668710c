package dev.r2orm.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2StatementsTest {

    @Test
    void semicolonsInLiteralsIdentifiersAndCommentsAreHiddenFromTheDriversSplit() {
        assertThat(H2Statements.protect("INSERT INTO t VALUES ('a;b', 'it''s; \\\\ x', 'plain')"))
                .isEqualTo("INSERT INTO t VALUES (U&'a\\003Bb', U&'it''s\\003B \\\\\\\\ x', 'plain')");
        assertThat(H2Statements.protect("CREATE TABLE \"a;b\" (id int) -- note; here\n"))
                .isEqualTo("CREATE TABLE U&\"a\\003Bb\" (id int) \n");
        assertThat(H2Statements.protect("SELECT /* x; y */ 1")).isEqualTo("SELECT   1");
        assertThat(H2Statements.protect("SELECT 1")).isEqualTo("SELECT 1");
    }
}
