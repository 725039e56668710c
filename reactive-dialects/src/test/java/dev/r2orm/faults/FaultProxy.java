package dev.r2orm.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of one server port, with switches that make the network misbehave. Each
 * proxied connection is pumped by plain threads; a chunk is what one {@code read} returned (at most 16 KiB).
 *
 * <ul>
 *   <li>{@link #pass()}: bytes flow both ways; every other switch is cleared and held bytes are delivered.
 *   <li>{@link #blackHole()}: nothing is forwarded in either direction; sockets stay open; new connections are
 *       accepted but reach the server only once the proxy passes again. Bytes are held, not dropped (and reading
 *       stops once a few hundred KiB are held), as TCP does across a network partition that heals.
 *   <li>{@link #blackHoleExisting()} / {@link #blackHoleWhenClientSends(String)}: the same for the connections open
 *       now, or for each connection right after it forwarded a chunk containing a text (an SQL fragment or a bound
 *       string: the server gets that statement, its answer is held); other connections pass.
 *   <li>{@link #reset()}: every connection is closed with {@code SO_LINGER 0} (an RST on both sides); new connections
 *       are reset at once until the mode changes. {@link #resetExisting()} resets the connections open now only.
 *   <li>{@link #latency(Duration)}: each chunk is forwarded that long after it was read, in both directions
 *       (pipelined: a stream keeps its throughput).
 *   <li>{@link #halfOpen()}: client-to-server bytes are forwarded, server-to-client bytes are dropped.
 * </ul>
 *
 * <p>{@link #close()} closes the listening socket and every connection and ends the threads.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with bytes. */
    public enum Mode {
        /** Forward everything. */
        PASS,
        /** Forward nothing, hold it. */
        BLACK_HOLE,
        /** Reset every connection, old and new. */
        RESET,
        /** Forward each chunk after a delay. */
        LATENCY,
        /** Forward client to server, drop server to client. */
        HALF_OPEN
    }

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration UPSTREAM_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger tripped = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyNanos;
    private volatile String trigger;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = thread("accept", this::acceptLoop);
        acceptor.start();
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}, in {@link Mode#PASS}.
     *
     * @param targetPort the server's port
     * @return the running proxy
     * @throws IllegalStateException when no port can be bound
     */
    public static FaultProxy start(int targetPort) {
        try {
            return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port: " + e, e);
        }
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return the current mode */
    public Mode mode() {
        return mode;
    }

    /** @return connections accepted since the start, reset ones included */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** @return connections open now */
    public int openConnections() {
        return links.size();
    }

    /** @return how many connections {@link #blackHoleWhenClientSends(String)} has held so far */
    public int trippedConnections() {
        return tripped.get();
    }

    /** @return pump threads alive now (0 after {@link #close()}) */
    public int liveThreads() {
        return threads.get();
    }

    /** Forwards everything again: clears the mode, per-connection holds, the trigger and the latency. */
    public void pass() {
        trigger = null;
        latencyNanos = 0;
        for (Link link : links) {
            link.held = false;
        }
        change(Mode.PASS);
    }

    /** Forwards nothing in either direction and connects new clients to the server only after {@link #pass()}. */
    public void blackHole() {
        change(Mode.BLACK_HOLE);
    }

    /** Holds every connection open now; connections made later pass. */
    public void blackHoleExisting() {
        for (Link link : links) {
            link.held = true;
        }
    }

    /**
     * Holds each connection right after it forwarded a chunk containing {@code text} to the server, until
     * {@link #pass()}.
     *
     * @param text ASCII or UTF-8 text, matched within one chunk
     */
    public void blackHoleWhenClientSends(String text) {
        trigger = Objects.requireNonNull(text, "text");
    }

    /** Resets every connection, and each new one at once, until the mode changes. */
    public void reset() {
        change(Mode.RESET);
        for (Link link : links) {
            link.abort();
        }
    }

    /** Resets the connections open now; the mode stays. */
    public void resetExisting() {
        for (Link link : links) {
            link.abort();
        }
    }

    /**
     * Forwards each chunk {@code delay} after it was read, both ways.
     *
     * @param delay the added one-way delay
     */
    public void latency(Duration delay) {
        latencyNanos = delay.toNanos();
        change(Mode.LATENCY);
    }

    /** Forwards client-to-server bytes and drops server-to-client bytes. */
    public void halfOpen() {
        change(Mode.HALF_OPEN);
    }

    @Override
    public void close() {
        closed = true;
        change(mode);
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
        for (Link link : links) {
            link.abort();
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + target.getPort() + ", " + mode + ", " + links.size()
                + " open]";
    }

    private void change(Mode next) {
        synchronized (changed) {
            mode = next;
            changed.notifyAll();
        }
    }

    private void await() throws InterruptedException {
        synchronized (changed) {
            changed.wait(TimeUnit.NANOSECONDS.toMillis(POLL_NANOS));
        }
    }

    private Thread thread(String name, Runnable body) {
        threads.incrementAndGet();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.decrementAndGet();
            }
        }, "fault-proxy-" + listener.getLocalPort() + "-" + name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            int id = accepted.incrementAndGet();
            if (mode == Mode.RESET) {
                rst(client);
                continue;
            }
            Link link = new Link(id, client);
            links.add(link);
            thread(id + "-connect", link::connect).start();
        }
    }

    private static void rst(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        quietly(socket);
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    /** A chunk and when it was read; an empty chunk marks the end of the stream. */
    private record Chunk(byte[] bytes, long readAt) {
        boolean end() {
            return bytes.length == 0;
        }
    }

    /** One proxied connection: a client socket, its upstream socket and four pump threads. */
    private final class Link {

        final int id;
        final Socket client;
        volatile Socket upstream;
        volatile boolean held;
        volatile boolean aborted;
        final AtomicInteger halves = new AtomicInteger(2);
        final Set<Thread> pumps = ConcurrentHashMap.newKeySet();

        Link(int id, Socket client) {
            this.id = id;
            this.client = client;
        }

        void connect() {
            try {
                // a black-holed proxy accepts but does not answer: the server sees the client only later
                while (!aborted && !closed && (mode == Mode.BLACK_HOLE || held)) {
                    await();
                }
                if (aborted || closed || mode == Mode.RESET) {
                    abort();
                    return;
                }
                Socket up = new Socket();
                up.connect(target, (int) UPSTREAM_CONNECT_TIMEOUT.toMillis());
                upstream = up;
                if (aborted) {
                    rst(up);
                    return;
                }
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                pipe("c2s", client, up, true);
                pipe("s2c", up, client, false);
            } catch (IOException e) {
                abort();
            } catch (InterruptedException e) {
                abort();
            }
        }

        void pipe(String name, Socket from, Socket to, boolean toServer) throws IOException {
            BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            Thread reader = thread(id + "-" + name + "-read", () -> read(in, queue));
            Thread writer = thread(id + "-" + name + "-write", () -> write(queue, out, to, toServer));
            pumps.add(reader);
            pumps.add(writer);
            reader.start();
            writer.start();
        }

        void read(InputStream in, BlockingQueue<Chunk> queue) {
            byte[] buffer = new byte[CHUNK];
            try {
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        queue.put(new Chunk(new byte[0], System.nanoTime()));
                        return;
                    }
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
                }
            } catch (IOException | InterruptedException e) {
                // a reset or a close: the other side gets a reset too
                abort();
            }
        }

        void write(BlockingQueue<Chunk> queue, OutputStream out, Socket to, boolean toServer) {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (!mayForward(chunk, toServer)) {
                        continue;
                    }
                    if (chunk.end()) {
                        to.shutdownOutput();
                        if (halves.decrementAndGet() == 0) {
                            finish();
                        }
                        return;
                    }
                    String text = trigger;
                    if (toServer && text != null && !held && contains(chunk.bytes(), text)) {
                        // held before the chunk goes out, so that no part of the answer slips through
                        held = true;
                        tripped.incrementAndGet();
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                abort();
            }
        }

        /** Waits until the chunk may go; false when it is dropped. */
        boolean mayForward(Chunk chunk, boolean toServer) throws InterruptedException, IOException {
            while (true) {
                if (aborted || closed) {
                    throw new IOException("connection " + id + " closed");
                }
                Mode m = mode;
                if (m == Mode.BLACK_HOLE || held) {
                    await();
                    continue;
                }
                if (m == Mode.HALF_OPEN && !toServer) {
                    return chunk.end();
                }
                if (m == Mode.LATENCY) {
                    long wait = chunk.readAt() + latencyNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(wait, POLL_NANOS));
                        continue;
                    }
                }
                return true;
            }
        }

        void finish() {
            links.remove(this);
            quietly(client);
            Socket up = upstream;
            if (up != null) {
                quietly(up);
            }
        }

        void abort() {
            if (aborted) {
                return;
            }
            aborted = true;
            links.remove(this);
            rst(client);
            rst(upstream);
            for (Thread pump : pumps) {
                if (pump != Thread.currentThread()) {
                    pump.interrupt();
                }
            }
        }
    }

    private static boolean contains(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1)
                .contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
}
