package dev.r2orm.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The proxy itself, in front of a loopback echo server that counts what it received. */
@Tag("faults")
class FaultProxyTest {

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start(echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passForwardsBothWays() throws IOException {
        try (Socket s = connect()) {
            send(s, "hello");
            assertThat(receive(s, 5, Duration.ofSeconds(2))).isEqualTo("hello");
            send(s, "again");
            assertThat(receive(s, 5, Duration.ofSeconds(2))).isEqualTo("again");
        }
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void aClientCloseReachesTheServerAndFreesTheConnection() throws IOException {
        try (Socket s = connect()) {
            send(s, "x");
            receive(s, 1, Duration.ofSeconds(2));
        }
        awaitTrue(() -> proxy.openConnections() == 0 && echo.open.get() == 0, Duration.ofSeconds(2));
    }

    @Test
    void blackHoleHoldsBytesKeepsSocketsOpenAndDeliversThemOnPass() throws IOException {
        try (Socket s = connect()) {
            send(s, "ping");
            assertThat(receive(s, 4, Duration.ofSeconds(2))).isEqualTo("ping");
            proxy.blackHole();
            send(s, "held");
            assertNothingWithin(s, Duration.ofMillis(300));
            assertThat(echo.received.get()).as("the server got nothing").isEqualTo(4);

            // a new connection is accepted but never reaches the server while the hole lasts
            try (Socket late = connect()) {
                send(late, "late");
                assertNothingWithin(late, Duration.ofMillis(300));
                assertThat(echo.accepted.get()).isEqualTo(1);

                proxy.pass();
                assertThat(receive(s, 4, Duration.ofSeconds(2))).isEqualTo("held");
                assertThat(receive(late, 4, Duration.ofSeconds(2))).isEqualTo("late");
            }
        }
    }

    @Test
    void resetClosesEveryConnectionAndNewOnesUntilPass() throws IOException {
        try (Socket s = connect()) {
            send(s, "a");
            receive(s, 1, Duration.ofSeconds(2));
            proxy.reset();
            assertReset(s);
            try (Socket refused = connect()) {
                assertReset(refused);
            }
            awaitTrue(() -> echo.open.get() == 0, Duration.ofSeconds(2));
        }
        proxy.pass();
        try (Socket s = connect()) {
            send(s, "b");
            assertThat(receive(s, 1, Duration.ofSeconds(2))).isEqualTo("b");
        }
    }

    @Test
    void resetExistingKeepsAcceptingNewConnections() throws IOException {
        try (Socket old = connect(); Socket other = connect()) {
            send(old, "a");
            receive(old, 1, Duration.ofSeconds(2));
            send(other, "a");
            receive(other, 1, Duration.ofSeconds(2));
            proxy.resetExisting();
            assertReset(old);
            assertReset(other);
            try (Socket fresh = connect()) {
                send(fresh, "c");
                assertThat(receive(fresh, 1, Duration.ofSeconds(2))).isEqualTo("c");
            }
        }
    }

    @Test
    void latencyDelaysEachChunkButPipelinesThem() throws IOException {
        proxy.latency(Duration.ofMillis(200));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            send(s, "x");
            receive(s, 1, Duration.ofSeconds(3));
            long roundTrip = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertThat(roundTrip).as("one round trip, 2 x 200 ms").isBetween(390L, 1_500L);

            t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                send(s, "y");
                sleep(10);
            }
            receive(s, 10, Duration.ofSeconds(5));
            long ten = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertThat(ten).as("ten chunks in flight at once, not one after the other").isLessThan(1_500L);
        }
        proxy.pass();
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            send(s, "z");
            receive(s, 1, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isLessThan(150L);
        }
    }

    @Test
    void halfOpenForwardsRequestsAndDropsAnswers() throws IOException {
        try (Socket s = connect()) {
            send(s, "1");
            receive(s, 1, Duration.ofSeconds(2));
            proxy.halfOpen();
            send(s, "2345");
            awaitTrue(() -> echo.received.get() == 5, Duration.ofSeconds(2));
            assertNothingWithin(s, Duration.ofMillis(300));
            proxy.pass();
            send(s, "6");
            assertThat(receive(s, 1, Duration.ofSeconds(2))).as("the dropped answers never come").isEqualTo("6");
        }
    }

    @Test
    void aTriggerHoldsOnlyTheConnectionThatSentTheText() throws IOException {
        proxy.blackHoleWhenClientSends("NEEDLE");
        try (Socket tripping = connect(); Socket other = connect()) {
            send(tripping, "hay");
            assertThat(receive(tripping, 3, Duration.ofSeconds(2))).isEqualTo("hay");
            send(tripping, "a NEEDLE b");
            awaitTrue(() -> echo.received.get() == 13, Duration.ofSeconds(2));
            assertNothingWithin(tripping, Duration.ofMillis(300));
            assertThat(proxy.trippedConnections()).isEqualTo(1);

            send(other, "free");
            assertThat(receive(other, 4, Duration.ofSeconds(2))).isEqualTo("free");

            proxy.pass();
            assertThat(receive(tripping, 10, Duration.ofSeconds(2))).isEqualTo("a NEEDLE b");
        }
    }

    @Test
    void blackHoleExistingHoldsOpenConnectionsAndPassesNewOnes() throws IOException {
        try (Socket old = connect()) {
            send(old, "o");
            receive(old, 1, Duration.ofSeconds(2));
            proxy.blackHoleExisting();
            send(old, "p");
            assertNothingWithin(old, Duration.ofMillis(300));
            try (Socket fresh = connect()) {
                send(fresh, "n");
                assertThat(receive(fresh, 1, Duration.ofSeconds(2))).isEqualTo("n");
            }
        }
    }

    @Test
    void aServerThatIsDownResetsTheClient() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (FaultProxy nowhere = FaultProxy.start(port); Socket s = new Socket(InetAddress.getLoopbackAddress(),
                nowhere.port())) {
            assertReset(s);
        }
    }

    @Test
    void closeRefusesConnectionsAndEndsEveryThread() throws IOException {
        try (Socket a = connect(); Socket b = connect()) {
            send(a, "a");
            receive(a, 1, Duration.ofSeconds(2));
            send(b, "b");
            receive(b, 1, Duration.ofSeconds(2));
            proxy.blackHole();
            proxy.close();
            assertReset(a);
            awaitTrue(() -> proxy.liveThreads() == 0, Duration.ofSeconds(3));
            assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setTcpNoDelay(true);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String receive(Socket s, int bytes, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[bytes];
        int got = 0;
        InputStream in = s.getInputStream();
        while (got < bytes) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (deadline - System.nanoTime() <= 0) {
                throw new AssertionError("only " + got + " of " + bytes + " bytes within " + within);
            }
            s.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer, got, bytes - got);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + bytes + " bytes");
            }
            got += n;
        }
        return new String(buffer, StandardCharsets.US_ASCII);
    }

    private static void assertNothingWithin(Socket s, Duration quiet) throws IOException {
        s.setSoTimeout((int) quiet.toMillis());
        try {
            int n = s.getInputStream().read();
            throw new AssertionError(n < 0 ? "the connection was closed" : "a byte arrived: " + (char) n);
        } catch (SocketTimeoutException expected) {
            // nothing came, and the socket is still open
        }
    }

    /** A reset shows as an exception, or as an end of stream when the RST raced the read. */
    private static void assertReset(Socket s) throws IOException {
        s.setSoTimeout(2_000);
        try {
            int n = s.getInputStream().read();
            assertThat(n).as("end of stream after a reset").isEqualTo(-1);
        } catch (SocketException expected) {
            assertThat(expected.getMessage()).containsIgnoringCase("reset");
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition still false after " + within);
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Echoes every byte back and counts connections and bytes. */
    private static final class EchoServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong received = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong open = new AtomicLong();

        EchoServer() throws IOException {
            Thread t = new Thread(this::acceptLoop, "echo-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread t = new Thread(() -> echo(s), "echo");
                t.setDaemon(true);
                t.start();
            }
        }

        private void echo(Socket s) {
            byte[] buffer = new byte[4096];
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.addAndGet(n);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a reset: the connection is over
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
