package dev.r2orm.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.junit.jupiter.api.Test;

/** golang-migrate's database URLs turned into R2DBC URLs that the R2DBC parser reads back as meant. */
class DatabaseUrlTest {

    @Test
    void anR2dbcUrlIsKeptAsItIs() {
        DatabaseUrl url = DatabaseUrl.of(" r2dbc:h2:mem:///cli?options=DB_CLOSE_DELAY=-1 ");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:h2:mem:///cli?options=DB_CLOSE_DELAY=-1");
        assertThat(url.table()).isNull();
    }

    @Test
    void postgresDropsTheXParametersAndSslmodeDisableAndMapsSearchPathToSchema() {
        DatabaseUrl url = DatabaseUrl.of("postgres://app:secret@db.example:5433/shop?sslmode=disable"
                + "&search_path=sales&x-migrations-table=gm_versions&x-multi-statement=true");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://app:secret@db.example:5433/shop?schema=sales");
        assertThat(url.table()).isEqualTo("gm_versions");
    }

    @Test
    void postgresqlSchemeAndTheSslAndTimeoutParametersAreMapped() {
        DatabaseUrl url = DatabaseUrl.of("postgresql://app@localhost/shop?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=10&application_name=migrations&binary_parameters=yes");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://app@localhost/shop?sslMode=verify-full"
                + "&sslRootCert=%2Fetc%2Fca.pem&connectTimeout=PT10S&applicationName=migrations&binary_parameters=yes");
        assertThat(url.table()).isNull();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url.r2dbcUrl());
        assertThat(options.getValue(Option.valueOf("sslRootCert"))).isEqualTo("/etc/ca.pem");
    }

    @Test
    void userAndPasswordAreDecodedAsInAUrlAndEncodedForR2dbc() {
        DatabaseUrl url = DatabaseUrl.of("postgres://us%40er:p%3Aa%2Fss+w%20rd%25@127.0.0.1:5432/test");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://us%40er:p%3Aa%2Fss%2Bw%20rd%25@127.0.0.1:5432/test");
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url.r2dbcUrl());
        assertThat(options.getValue(ConnectionFactoryOptions.USER)).isEqualTo("us@er");
        assertThat(options.getValue(ConnectionFactoryOptions.PASSWORD)).hasToString("p:a/ss+w rd%");
        assertThat(options.getValue(ConnectionFactoryOptions.DATABASE)).isEqualTo("test");
        assertThat(options.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(5432);
    }

    @Test
    void postgresWithoutUserPortOrHostAndWithIpv6() {
        assertThat(DatabaseUrl.of("postgres://localhost/db").r2dbcUrl()).isEqualTo("r2dbc:postgresql://localhost/db");
        assertThat(DatabaseUrl.of("postgres:///db?search_path=a%2Cb").r2dbcUrl())
                .isEqualTo("r2dbc:postgresql://localhost/db?schema=a%2Cb");
        assertThat(DatabaseUrl.of("pgx5://u@[::1]:5432/db").r2dbcUrl()).isEqualTo("r2dbc:postgresql://u@[::1]:5432/db");
    }

    @Test
    void mysqlTcpAddressBecomesHostAndPortAndGoOnlyParametersAreDropped() {
        DatabaseUrl url = DatabaseUrl.of("mysql://root:secret@tcp(127.0.0.1:3306)/test?x-migrations-table=m"
                + "&multiStatements=true&parseTime=true&x-no-lock=true&serverZoneId=UTC");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:mysql://root:secret@127.0.0.1:3306/test?serverZoneId=UTC");
        assertThat(url.table()).isEqualTo("m");
    }

    @Test
    void mysqlPasswordMayHoldAtSignsColonsAndEscapes() {
        DatabaseUrl url = DatabaseUrl.of("mysql://app:p@ss:w%2Fd@tcp(db:3307)/shop");
        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:mysql://app:p%40ss%3Aw%2Fd@db:3307/shop");
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url.r2dbcUrl());
        assertThat(options.getValue(ConnectionFactoryOptions.PASSWORD)).hasToString("p@ss:w/d");
        assertThat(options.getValue(ConnectionFactoryOptions.HOST)).isEqualTo("db");
    }

    @Test
    void mysqlDefaultsTlsTimeoutAndUnixSockets() {
        assertThat(DatabaseUrl.of("mysql://root@/test").r2dbcUrl()).isEqualTo("r2dbc:mysql://root@127.0.0.1/test");
        assertThat(DatabaseUrl.of("mysql://root@tcp/test").r2dbcUrl()).isEqualTo("r2dbc:mysql://root@127.0.0.1/test");
        assertThat(DatabaseUrl.of("mysql://root@tcp(db.example)/test?tls=skip-verify&timeout=1m30s").r2dbcUrl())
                .isEqualTo("r2dbc:mysql://root@db.example/test?connectTimeout=PT1M30S&sslMode=REQUIRED");
        assertThat(DatabaseUrl.of("mysql://root@tcp(h:1)/t?tls=custom&x-tls-ca=%2Fca.pem").r2dbcUrl())
                .isEqualTo("r2dbc:mysql://root@h:1/t?sslCa=%2Fca.pem&sslMode=VERIFY_IDENTITY");
        assertThat(DatabaseUrl.of("mysql://root@tcp(h:1)/t?tls=false").r2dbcUrl())
                .isEqualTo("r2dbc:mysql://root@h:1/t?sslMode=DISABLED");
        assertThat(DatabaseUrl.of("mysql://root@unix(/run/mysqld.sock)/t").r2dbcUrl())
                .isEqualTo("r2dbc:mysql://root@localhost/t?unixSocket=%2Frun%2Fmysqld.sock");
        assertThat(DatabaseUrl.of("mysql://root@db.example:3306/t").r2dbcUrl())
                .as("host:port without tcp() is read as an address")
                .isEqualTo("r2dbc:mysql://root@db.example:3306/t");
    }

    @Test
    void goDurations() {
        assertThat(DatabaseUrl.goDuration("10s")).isEqualTo("PT10S");
        assertThat(DatabaseUrl.goDuration("1.5s")).isEqualTo("PT1.5S");
        assertThat(DatabaseUrl.goDuration("500ms")).isEqualTo("PT0.5S");
        assertThatThrownBy(() -> DatabaseUrl.goDuration("10")).hasMessageContaining("Go duration");
        assertThatThrownBy(() -> DatabaseUrl.goDuration("10sx")).hasMessageContaining("Go duration");
    }

    @Test
    void unsupportedAndMalformedUrlsNameTheAcceptedForms() {
        assertThatThrownBy(() -> DatabaseUrl.of("sqlite3://app.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL scheme \"sqlite3\"")
                .hasMessageContaining("r2dbc:postgresql://").hasMessageContaining("postgres://")
                .hasMessageContaining("mysql://user:password@tcp(host:3306)/db");
        assertThatThrownBy(() -> DatabaseUrl.of("localhost:5432/db")).hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> DatabaseUrl.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DatabaseUrl.of("postgres://u:100%@h/db")).hasMessageContaining("%25");
        assertThatThrownBy(() -> DatabaseUrl.of("postgres://u@h:port/db")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> DatabaseUrl.of("mysql://u@tcp(h:1)")).hasMessageContaining("mysql://");
        assertThatThrownBy(() -> DatabaseUrl.of("mysql://u@pipe(x)/db")).hasMessageContaining("network \"pipe\"");
    }

    @Test
    void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertThat(DatabaseUrl.percentEncode("a-b_c.d~é /+")).isEqualTo("a-b_c.d~%C3%A9%20%2F%2B");
        assertThat(DatabaseUrl.percentDecode("%C3%A9+x")).isEqualTo("é+x");
    }
}
