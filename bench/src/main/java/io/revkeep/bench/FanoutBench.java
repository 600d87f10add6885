package io.revkeep.bench;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.feed.FeedCodec;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.SubscriberInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Feed fan-out: one publisher, {@code n} subscribers on loopback, fixed-size 200-byte messages;
 * deliveries per second until every subscriber has every message. Ours is the listener's
 * {@link FeedServer} (default settings, an in-memory event log); the peer is {@code redis-server}
 * pub/sub (one channel, {@code PUBLISH} pipelined on one connection).
 *
 * <p>Both sides are measured by the same client code: the subscribers are plain sockets read by
 * the same {@link #READER_THREADS} selector threads, which count bytes (every message frame of a
 * side has the same length, so messages = bytes ÷ frame length, no parsing); the publisher keeps
 * at most {@link #WINDOW} messages ahead of the slowest subscriber (so neither server's
 * per-subscriber buffer limit is reached: the feed's 1 MiB, Redis' 8 MiB soft limit).
 */
final class FanoutBench {
  /** Messages a publisher may be ahead of the slowest subscriber. */
  static final int WINDOW = 1_000;
  /** Bytes of one message: ours is the whole event line with its newline; Redis' payload. */
  static final int MESSAGE_BYTES = 200;
  /** Client threads reading the subscribers' sockets (one per CPU of this machine). */
  static final int READER_THREADS = 2;
  /** Messages published (and awaited) before the clock starts: JIT, buffers. */
  static final int WARMUP_MESSAGES = 2_000;
  /** The first seq published on our side: 7 digits throughout, so every line has one length. */
  static final long FIRST_SEQ = 1_000_000;
  /** The Redis channel. */
  static final String CHANNEL = "revkeep-bench";

  /** One measured run of one side. */
  record Result(int subscribers, long messages, double seconds, int lost) {
    double deliveriesPerSecond() {
      return subscribers * (double) messages / seconds;
    }
  }

  private FanoutBench() {}

  // ---------------------------------------------------------------- ours

  /** The listener's feed server, default settings, fed from memory; {@code messages} measured. */
  static Result ours(int subscribers, long messages) throws IOException, InterruptedException {
    MemoryEventLog log = new MemoryEventLog(FIRST_SEQ - 1);
    FeedServerSettings settings = FeedServerSettings.builder(BenchListener.TOKEN).port(0).build();
    byte[] probe = FeedCodec.encodeEvent(event(FIRST_SEQ, ""));
    String pad = "x".repeat(MESSAGE_BYTES - probe.length);
    int lineBytes = FeedCodec.encodeEvent(event(FIRST_SEQ, pad)).length;
    if (lineBytes != MESSAGE_BYTES) {
      throw new IllegalStateException("event line is " + lineBytes + " bytes, not " + MESSAGE_BYTES);
    }
    try (FeedServer feed = new FeedServer(settings, log, hash -> Optional.empty())) {
      feed.start();
      byte[] hello = ("{\"op\":\"hello\",\"token\":\"" + BenchListener.TOKEN + "\",\"since\":"
          + (FIRST_SEQ - 1) + "}\n").getBytes(StandardCharsets.UTF_8);
      byte[] ping = "{\"op\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8);
      try (Clients clients = new Clients(subscribers, new InetSocketAddress(
          InetAddress.getLoopbackAddress(), feed.port()), hello, ping, 0, lineBytes)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (feed.subscribers().stream().filter(s -> s.state() == SubscriberInfo.State.LIVE)
            .count() < subscribers) {
          if (System.nanoTime() > deadline) {
            throw new IOException("only " + feed.subscribers().size() + " of " + subscribers
                + " feed subscribers live after 60 s");
          }
          Thread.sleep(20);
        }
        Thread.sleep(100); // nothing is replayed (since = last seq); let the sockets go quiet
        clients.start();
        long[] seq = {FIRST_SEQ};
        Publisher pub = count -> {
          for (int i = 0; i < count; i++) {
            Event e = event(seq[0]++, pad);
            log.append(e);
            feed.publish(e);
          }
        };
        return measure(clients, pub, messages, stream -> checkFeed(stream, lineBytes));
      }
    }
  }

  /** Counts the event lines of a feed stream, checking length, op and consecutive seqs. */
  static long checkFeed(byte[] stream, int lineBytes) {
    if (stream.length % lineBytes != 0) {
      throw new IllegalStateException("feed stream of " + stream.length + " bytes is not whole"
          + " lines of " + lineBytes);
    }
    long n = stream.length / lineBytes;
    for (long k = 0; k < n; k++) {
      String line = new String(stream, (int) (k * lineBytes), lineBytes, StandardCharsets.UTF_8);
      if (!line.endsWith("\n") || !line.contains("\"seq\":" + (FIRST_SEQ + k) + ",")) {
        throw new IllegalStateException("feed line " + k + " is not event " + (FIRST_SEQ + k)
            + ": " + line);
      }
    }
    return n;
  }

  /** Counts the message frames of a Redis subscriber stream, checking each frame's header. */
  static long checkRedis(byte[] stream, int frame, byte[] header) {
    if (stream.length % frame != 0) {
      throw new IllegalStateException("redis stream of " + stream.length + " bytes is not whole"
          + " frames of " + frame);
    }
    long n = stream.length / frame;
    for (long k = 0; k < n; k++) {
      int at = (int) (k * frame);
      if (!Arrays.equals(stream, at, at + header.length, header, 0, header.length)
          || stream[at + frame - 1] != '\n') {
        throw new IllegalStateException("redis frame " + k + " is malformed");
      }
    }
    return n;
  }

  private static Event event(long seq, String pad) {
    // a DELETE (no hash): a MODIFY's 64-hex hash alone makes its line longer than 200 bytes;
    // short name, host and user, as the line carries more fields than it once did
    return new Event(seq, Action.DELETE, "d/" + pad, null, "h:/s",
        3, null, 0, Instant.parse("2026-01-01T00:00:00Z"), "al", Origin.FS, null);
  }

  // ---------------------------------------------------------------- redis

  /** redis-server pub/sub on {@code port}: one channel, PUBLISH pipelined on one connection. */
  static Result redis(int port, int subscribers, long messages) throws IOException,
      InterruptedException {
    byte[] payload = new byte[MESSAGE_BYTES];
    Arrays.fill(payload, (byte) 'x');
    byte[] subscribe = resp("SUBSCRIBE", CHANNEL);
    // *3 $9 subscribe $ch ch :1  →  the confirmation every subscriber reads first
    int confirm = ("*3\r\n$9\r\nsubscribe\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL
        + "\r\n:1\r\n").length();
    int frame = ("*3\r\n$7\r\nmessage\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n$"
        + MESSAGE_BYTES + "\r\n").length() + MESSAGE_BYTES + 2;
    byte[] publish = resp("PUBLISH", CHANNEL, new String(payload, StandardCharsets.US_ASCII));
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    // Redis answers PING in subscribed mode with a 3-part array: never needed (no idle timeout)
    try (Clients clients = new Clients(subscribers, address, subscribe, null, confirm, frame);
        Socket pubSocket = new Socket(address.getAddress(), port)) {
      pubSocket.setTcpNoDelay(true);
      clients.awaitBaseline(Duration.ofSeconds(60));
      clients.start();
      OutputStream out = pubSocket.getOutputStream();
      InputStream in = pubSocket.getInputStream();
      Thread replies = new Thread(() -> { // discard ":1000\r\n" answers
        byte[] sink = new byte[64 * 1024];
        try {
          while (in.read(sink) >= 0) {
            // nothing
          }
        } catch (IOException e) {
          // closed
        }
      }, "bench-redis-replies");
      replies.setDaemon(true);
      replies.start();
      byte[] batch = new byte[publish.length * 64];
      for (int i = 0; i < 64; i++) {
        System.arraycopy(publish, 0, batch, i * publish.length, publish.length);
      }
      Publisher pub = count -> {
        int left = count;
        while (left > 0) {
          int k = Math.min(64, left);
          out.write(batch, 0, k * publish.length);
          left -= k;
        }
        out.flush();
      };
      byte[] header = ("*3\r\n$7\r\nmessage\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL
          + "\r\n$" + MESSAGE_BYTES + "\r\n").getBytes(StandardCharsets.US_ASCII);
      return measure(clients, pub, messages, stream -> checkRedis(stream, frame, header));
    }
  }

  private static byte[] resp(String... parts) {
    StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) {
      sb.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p)
          .append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Starts {@code redis-server} on a free port, no persistence; the caller destroys it. */
  static Process startRedis(Path dir, int port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--maxclients", "10000", "--loglevel", "warning")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write(resp("PING"));
        byte[] b = new byte[7];
        if (s.getInputStream().read(b) > 0 && new String(b, StandardCharsets.US_ASCII)
            .startsWith("+PONG")) {
          return p;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (!p.isAlive()) {
        throw new IOException("redis-server exited with " + p.exitValue() + " (see "
            + dir.resolve("redis.log") + ")");
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not answer PING within 10 s");
  }

  static String redisVersion() {
    return Shell.describe("sh", "-c", "redis-server --version 2>&1 | head -1");
  }

  static boolean redisAvailable() {
    return Machine.has("redis-server");
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------- shared

  @FunctionalInterface
  private interface Publisher {
    void publish(int count) throws IOException;
  }

  /**
   * Warm-up, then {@code messages} published under the window; the clock stops at the last.
   * Then checks subscriber 0's stream with {@code check} (throws if it is not exactly the
   * messages published, in order): the byte counts are only as good as that.
   */
  private static Result measure(Clients clients, Publisher pub, long messages,
      java.util.function.ToLongFunction<byte[]> check) throws IOException, InterruptedException {
    long published = 0;
    long target = WARMUP_MESSAGES;
    long t0 = 0;
    boolean measuring = false;
    while (true) {
      long min = clients.minMessages();
      if (min >= target) {
        if (measuring) {
          break;
        }
        measuring = true;
        target += messages;
        t0 = System.nanoTime();
        continue;
      }
      if (clients.lost() > 0) {
        break;
      }
      long room = Math.min(target - published, min + WINDOW - published);
      if (room > 0) {
        int k = (int) Math.min(room, 256);
        pub.publish(k);
        published += k;
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
    long t1 = System.nanoTime();
    long got = clients.minMessages() - WARMUP_MESSAGES;
    Thread.sleep(50);
    long verified = check.applyAsLong(clients.streamOfFirst());
    if (clients.lost() == 0 && verified != WARMUP_MESSAGES + messages) {
      throw new IOException("subscriber 0 received " + verified + " well-formed messages, not "
          + (WARMUP_MESSAGES + messages));
    }
    return new Result(clients.size(), measuring ? Math.max(0, got) : 0,
        measuring ? (t1 - t0) / 1e9 : Double.NaN, clients.lost());
  }

  /**
   * {@code n} subscriber sockets: each sends {@code hello} after connecting, then is read by one
   * of {@link #READER_THREADS} selector threads that only count bytes. {@code ping}, if given,
   * is sent on every socket every 5 s (the feed closes a peer it has not heard from in 30 s).
   */
  private static final class Clients implements AutoCloseable {
    private final SocketChannel[] sockets;
    private final AtomicLongArray bytes;
    private final int baseline;
    private final int frame;
    private final byte[] ping;
    private final List<Thread> readers = new ArrayList<>();
    private final Selector[] selectors = new Selector[READER_THREADS];
    /** Each socket's count when the clock may start (after hello / the subscribe reply). */
    private final long[] base;
    /** Everything subscriber 0 read (reader thread writes, the caller reads after the run). */
    private final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger lost =
        new java.util.concurrent.atomic.AtomicInteger();

    Clients(int n, InetSocketAddress address, byte[] hello, byte[] ping, int baseline, int frame)
        throws IOException {
      this.sockets = new SocketChannel[n];
      this.bytes = new AtomicLongArray(n);
      this.base = new long[n];
      this.baseline = baseline;
      this.frame = frame;
      this.ping = ping;
      try {
        for (int t = 0; t < READER_THREADS; t++) {
          selectors[t] = Selector.open();
        }
        for (int i = 0; i < n; i++) {
          SocketChannel ch = SocketChannel.open(address);
          sockets[i] = ch;
          ch.socket().setTcpNoDelay(true);
          ByteBuffer h = ByteBuffer.wrap(hello);
          while (h.hasRemaining()) {
            ch.write(h);
          }
          ch.configureBlocking(false);
          ch.register(selectors[i % READER_THREADS], SelectionKey.OP_READ, i);
        }
      } catch (IOException e) {
        close();
        throw e;
      }
      for (int t = 0; t < READER_THREADS; t++) {
        Selector sel = selectors[t];
        Thread th = new Thread(() -> read(sel), "bench-fanout-reader-" + t);
        th.setDaemon(true);
        readers.add(th);
      }
      for (Thread th : readers) { // count from the start: the baseline is awaited on these counts
        th.start();
      }
    }

    /** From now on every byte read is a message frame: takes each socket's count as its base. */
    void start() {
      for (int i = 0; i < sockets.length; i++) {
        base[i] = bytes.get(i);
      }
    }

    int size() {
      return sockets.length;
    }

    int lost() {
      return lost.get();
    }

    /** What subscriber 0 read after its base (the measured stream, warm-up included). */
    byte[] streamOfFirst() {
      synchronized (captured) {
        byte[] all = captured.toByteArray();
        return Arrays.copyOfRange(all, (int) Math.min(all.length, base[0]), all.length);
      }
    }

    /** Waits until every socket has read at least the baseline (Redis: the subscribe reply). */
    void awaitBaseline(Duration max) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + max.toNanos();
      for (int i = 0; i < sockets.length; i++) {
        while (bytes.get(i) < baseline) {
          if (System.nanoTime() > deadline) {
            throw new IOException("subscriber " + i + " not subscribed within " + max);
          }
          Thread.sleep(5);
        }
      }
    }

    /** Messages the slowest subscriber has read completely. */
    long minMessages() {
      long min = Long.MAX_VALUE;
      for (int i = 0; i < sockets.length; i++) {
        min = Math.min(min, bytes.get(i) - base[i]);
      }
      return min / frame;
    }

    private void read(Selector sel) {
      ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
      long nextPing = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      try {
        while (!closed) {
          sel.select(100);
          for (SelectionKey k : sel.selectedKeys()) {
            int i = (Integer) k.attachment();
            SocketChannel ch = (SocketChannel) k.channel();
            long got = 0;
            int r;
            try {
              while ((r = ch.read(buf.clear())) > 0) {
                got += r;
                if (i == 0) {
                  byte[] copy = new byte[r];
                  buf.flip().get(copy);
                  synchronized (captured) {
                    captured.write(copy, 0, r);
                  }
                }
              }
            } catch (IOException e) {
              r = -1;
            }
            if (got > 0) {
              bytes.lazySet(i, bytes.get(i) + got);
            }
            if (r < 0) {
              k.cancel();
              if (!closed) {
                lost.incrementAndGet();
              }
            }
          }
          sel.selectedKeys().clear();
          if (ping != null && System.nanoTime() > nextPing) {
            nextPing = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (SelectionKey k : sel.keys()) {
              try {
                ((SocketChannel) k.channel()).write(ByteBuffer.wrap(ping));
              } catch (IOException e) {
                // counted when its read fails
              }
            }
          }
        }
      } catch (IOException | java.nio.channels.ClosedSelectorException e) {
        // closed
      }
    }

    @Override
    public void close() {
      closed = true;
      for (Thread th : readers) {
        try {
          th.join(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (SocketChannel ch : sockets) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException e) {
            // closing
          }
        }
      }
      for (Selector s : selectors) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException e) {
            // closing
          }
        }
      }
    }
  }
}
