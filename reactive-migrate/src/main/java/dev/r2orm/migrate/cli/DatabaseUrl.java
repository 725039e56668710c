package dev.r2orm.migrate.cli;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code --database} URL turned into an R2DBC URL. An R2DBC URL ({@code r2dbc:postgresql://...},
 * {@code r2dbc:mysql://...}, {@code r2dbc:h2:...}) is kept as it is; golang-migrate's forms are translated:
 * <ul>
 *   <li>{@code postgres://user:pass@host:port/db?sslmode=disable&search_path=s} (also {@code postgresql://},
 *       {@code pgx://}, {@code pgx5://}) becomes {@code r2dbc:postgresql://user:pass@host:port/db?schema=s}:
 *       {@code search_path} is r2dbc-postgresql's {@code schema}, {@code sslmode} its {@code sslMode} (dropped when
 *       {@code disable}), {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword},
 *       {@code application_name} and {@code connect_timeout} its {@code sslRootCert}, {@code sslCert},
 *       {@code sslKey}, {@code sslPassword}, {@code applicationName} and {@code connectTimeout};</li>
 *   <li>{@code mysql://user:pass@tcp(host:port)/db?...} becomes {@code r2dbc:mysql://user:pass@host:port/db}:
 *       {@code tls} is r2dbc-mysql's {@code sslMode}, {@code x-tls-ca}, {@code x-tls-cert}, {@code x-tls-key} its
 *       {@code sslCa}, {@code sslCert}, {@code sslKey}, {@code timeout} its {@code connectTimeout},
 *       {@code unix(/path)} its {@code unixSocket}; parameters only Go's driver understands
 *       ({@code multiStatements}, {@code parseTime}, ...) are dropped.</li>
 * </ul>
 * In both, golang-migrate's {@code x-*} parameters are dropped, except {@code x-migrations-table}, which names the
 * version table; any other parameter is passed on unchanged. User and password are percent-decoded as a URL's are,
 * and encoded again for R2DBC.
 *
 * @param r2dbcUrl the R2DBC URL
 * @param table the version table the URL names ({@code x-migrations-table}), or null
 */
record DatabaseUrl(String r2dbcUrl, @Nullable String table) {

    private static final Set<String> POSTGRES_SCHEMES = Set.of("postgres", "postgresql", "pgx", "pgx4", "pgx5");

    private static final Map<String, String> POSTGRES_PARAMETERS = Map.of("search_path", "schema",
            "sslrootcert", "sslRootCert", "sslcert", "sslCert", "sslkey", "sslKey", "sslpassword", "sslPassword",
            "application_name", "applicationName");

    /** Parameters of Go's MySQL driver that r2dbc-mysql has no use for. */
    private static final Set<String> GO_MYSQL_ONLY = Set.of("multistatements", "parsetime", "loc", "charset",
            "collation", "interpolateparams", "allownativepasswords", "allowcleartextpasswords", "allowoldpasswords",
            "allowallfiles", "allowfallbacktoplaintext", "clientfoundrows", "columnswithalias", "maxallowedpacket",
            "readtimeout", "writetimeout", "rejectreadonly", "checkconnliveness", "serverpubkey",
            "connectionattributes");

    /** {@code [user[:password]@][net[(address)]]/db[?parameters]}, the password taking the last {@code @}. */
    private static final Pattern MYSQL_DSN = Pattern.compile(
            "(?:(?<user>[^:@/]*)(?::(?<password>.*))?@)?(?<net>[^/(]*)(?:\\((?<address>[^)]*)\\))?/(?<db>[^?/]*)"
                    + "(?:\\?(?<query>.*))?", Pattern.DOTALL);

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private static final String ACCEPTED = "give an R2DBC URL (r2dbc:postgresql://user@host:5432/db,"
            + " r2dbc:mysql://user@host:3306/db, r2dbc:h2:file:///path/db) or one of golang-migrate's:"
            + " postgres://user:password@host:5432/db?sslmode=disable or mysql://user:password@tcp(host:3306)/db";

    /**
     * Translates a URL.
     *
     * @param url an R2DBC URL, or golang-migrate's {@code postgres://} or {@code mysql://} URL
     * @return the R2DBC URL and the table the URL names
     * @throws IllegalArgumentException when the URL is of no accepted form, saying which forms are
     */
    static DatabaseUrl of(String url) {
        String trimmed = url.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the database URL is empty: " + ACCEPTED);
        }
        if (trimmed.startsWith("r2dbc:")) {
            return new DatabaseUrl(trimmed, null);
        }
        int colon = trimmed.indexOf("://");
        String scheme = colon < 0 ? "" : trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : trimmed.substring(colon + 3);
        if (POSTGRES_SCHEMES.contains(scheme)) {
            return postgres(rest);
        }
        if (scheme.equals("mysql")) {
            return mysql(rest);
        }
        throw new IllegalArgumentException((colon < 0 ? "the database URL has no scheme"
                : "unsupported database URL scheme \"" + scheme + "\"") + ": " + ACCEPTED);
    }

    private static DatabaseUrl postgres(String rest) {
        int hash = rest.indexOf('#');
        String noFragment = hash < 0 ? rest : rest.substring(0, hash);
        int question = noFragment.indexOf('?');
        String query = question < 0 ? "" : noFragment.substring(question + 1);
        String beforeQuery = question < 0 ? noFragment : noFragment.substring(0, question);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String db = slash < 0 ? "" : percentDecode(beforeQuery.substring(slash + 1));
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = at < 0 ? authority : authority.substring(at + 1);
        @Nullable String table = null;
        List<String> options = new ArrayList<>();
        for (String[] p : parameters(query)) {
            String name = p[0];
            String value = p[1];
            if (name.equals("x-migrations-table")) {
                table = value;
            } else if (name.startsWith("x-")) {
                continue;
            } else if (name.equals("sslmode")) {
                if (!value.equalsIgnoreCase("disable")) {
                    options.add(option("sslMode", value));
                }
            } else if (name.equals("connect_timeout")) {
                options.add(option("connectTimeout", seconds(value, name)));
            } else {
                options.add(option(POSTGRES_PARAMETERS.getOrDefault(name, name), value));
            }
        }
        return new DatabaseUrl("r2dbc:postgresql://" + userInfo(userInfo) + host(hostPort, "localhost")
                + (db.isEmpty() ? "" : "/" + percentEncode(db)) + query(options), table);
    }

    private static DatabaseUrl mysql(String rest) {
        Matcher m = MYSQL_DSN.matcher(rest);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the MySQL URL: golang-migrate's form is"
                    + " mysql://user:password@tcp(host:port)/db?parameters");
        }
        String user = m.group("user");
        String password = m.group("password");
        String net = m.group("net");
        String address = m.group("address");
        String host;
        List<String> options = new ArrayList<>();
        if (net.equals("unix")) {
            if (address == null || address.isEmpty()) {
                throw new IllegalArgumentException("the MySQL URL names unix() without a socket path");
            }
            host = "localhost";
            options.add(option("unixSocket", address));
        } else if (net.isEmpty() || net.equals("tcp") || net.equals("tcp6")) {
            host = host(address == null ? "" : address, "127.0.0.1");
        } else if (address == null) {
            host = host(net, "127.0.0.1");
        } else {
            throw new IllegalArgumentException("unsupported MySQL network \"" + net + "\": use tcp(host:port) or"
                    + " unix(/path/to/socket)");
        }
        @Nullable String table = null;
        @Nullable String tls = null;
        boolean skipVerify = false;
        for (String[] p : parameters(m.group("query") == null ? "" : m.group("query"))) {
            String name = p[0];
            String value = p[1];
            switch (name) {
                case "x-migrations-table" -> table = value;
                case "x-tls-ca" -> options.add(option("sslCa", value));
                case "x-tls-cert" -> options.add(option("sslCert", value));
                case "x-tls-key" -> options.add(option("sslKey", value));
                case "x-tls-insecure-skip-verify" -> skipVerify = Boolean.parseBoolean(value);
                case "tls" -> tls = value;
                case "timeout" -> options.add(option("connectTimeout", goDuration(value)));
                default -> {
                    if (!name.startsWith("x-") && !GO_MYSQL_ONLY.contains(name.toLowerCase(Locale.ROOT))) {
                        options.add(option(name, value));
                    }
                }
            }
        }
        if (tls != null) {
            options.add(option("sslMode", switch (tls.toLowerCase(Locale.ROOT)) {
                case "false" -> "DISABLED";
                case "preferred" -> "PREFERRED";
                case "skip-verify" -> "REQUIRED";
                default -> skipVerify ? "REQUIRED" : "VERIFY_IDENTITY";
            }));
        }
        String db = percentDecode(m.group("db"));
        return new DatabaseUrl("r2dbc:mysql://" + userInfo(user == null ? null
                : user + (password == null ? "" : ":" + password)) + host + "/" + percentEncode(db)
                + query(options), table);
    }

    /** {@code user:password@}, each part decoded then encoded; empty without a user. */
    private static String userInfo(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        int colon = raw.indexOf(':');
        String user = percentDecode(colon < 0 ? raw : raw.substring(0, colon));
        String password = colon < 0 ? null : percentDecode(raw.substring(colon + 1));
        return percentEncode(user) + (password == null ? "" : ":" + percentEncode(password)) + "@";
    }

    /** {@code host}, {@code host:port} or {@code [::1]:port}, checked; the default host when it is empty. */
    private static String host(String hostPort, String defaultHost) {
        String host = hostPort;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad host in the database URL: " + hostPort);
            }
            host = hostPort.substring(0, close + 1);
            port = hostPort.substring(close + 1);
        } else if (hostPort.indexOf(':') >= 0) {
            host = hostPort.substring(0, hostPort.indexOf(':'));
            port = hostPort.substring(hostPort.indexOf(':'));
        }
        if (!port.isEmpty() && !port.matches(":\\d{1,5}")) {
            throw new IllegalArgumentException("bad port in the database URL: " + hostPort);
        }
        if (host.isEmpty()) {
            host = defaultHost;
        } else if (!host.startsWith("[") && !host.matches("[A-Za-z0-9._%-]+")) {
            throw new IllegalArgumentException("bad host in the database URL: " + host);
        }
        return host + port;
    }

    /** A query's parameters in order, names and values decoded as Go's {@code url.ParseQuery} does. */
    private static List<String[]> parameters(String query) {
        List<String[]> out = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.add(new String[] {URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8)});
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad escape in the database URL's parameter " + name, e);
            }
        }
        return out;
    }

    private static String option(String name, String value) {
        return percentEncode(name) + "=" + percentEncode(value);
    }

    private static String query(List<String> options) {
        return options.isEmpty() ? "" : "?" + String.join("&", options);
    }

    private static String seconds(String value, String name) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("the database URL's " + name + " must be a number of seconds: "
                    + value);
        }
        return "PT" + value + "S";
    }

    /** Go's {@code time.ParseDuration} for what a DSN's {@code timeout} holds, such as {@code 10s} or {@code 1m30s}. */
    static String goDuration(String value) {
        Matcher m = GO_DURATION.matcher(value);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException("the database URL's timeout must be a Go duration such as 10s or"
                    + " 1m30s: " + value);
        }
        return java.time.Duration.ofNanos((long) nanos).toString();
    }

    /** Decodes {@code %XX} escapes (UTF-8) and nothing else: a {@code +} stays a {@code +}, as in a URL's user info. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int percent = s.indexOf('%', i);
            if (percent < 0) {
                bytes.writeBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            bytes.writeBytes(s.substring(i, percent).getBytes(StandardCharsets.UTF_8));
            if (percent + 2 >= s.length() || Character.digit(s.charAt(percent + 1), 16) < 0
                    || Character.digit(s.charAt(percent + 2), 16) < 0) {
                throw new IllegalArgumentException("bad %-escape in the database URL: a % must be followed by"
                        + " two hexadecimal digits (write %25 for a % in a password)");
            }
            bytes.write(Integer.parseInt(s.substring(percent + 1, percent + 3), 16));
            i = percent + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Encodes every byte but the unreserved characters, so that the R2DBC URL parser gives the value back. */
    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
