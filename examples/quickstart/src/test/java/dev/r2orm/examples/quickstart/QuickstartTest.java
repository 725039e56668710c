package dev.r2orm.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    void printsTheRowsItCreatedAndQueried() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("created User{id=1, name=Alice")
                .contains("created User{id=2, name=Bob")
                .contains("created User{id=3, name=Carol")
                .contains("adult: User{id=1, name=Alice")
                .contains("adult: User{id=3, name=Carol")
                .doesNotContain("adult: User{id=2")
                .contains("users: 3")
                .contains("first with bob's email: User{id=2, name=Bob")
                .contains("SQL> CREATE TABLE IF NOT EXISTS \"users\"");
    }
}
