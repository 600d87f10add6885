package io.revkeep.feed;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The open connections of one {@link FeedServer}: the publisher wakes them all, status shows
 * them, and close() closes them together. Also counts the connections still waiting for their
 * hello, so that a crowd of connections that never authenticate cannot grow without bound.
 */
final class SubscriberSet {
  /*
   * Threads:    event loops add and remove their own connection (channelActive, channelInactive);
   *             the publisher calls wakeAll(); any thread snapshot(); the closing thread
   *             closeAll().
   * State:      a ConcurrentHashMap by id and a Netty ChannelGroup (both thread-safe); closed is
   *             volatile and only ever goes from false to true. unauthenticated counts the
   *             connections admitted by admitUnauthenticated() and not yet released (each
   *             Subscriber releases its slot exactly once: at its hello or its close); refusing
   *             says whether the cap was hit since the count last fell to half of it (one log
   *             line per wave, not one per refused connection).
   * Shutdown:   closeAll() marks the set closed, then closes every channel in the group and waits
   *             for them; a connection that becomes active after that is refused by add().
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  private final ConcurrentHashMap<Long, Subscriber> byId = new ConcurrentHashMap<>();
  private final ChannelGroup channels = new DefaultChannelGroup("feed", GlobalEventExecutor.INSTANCE);
  private volatile boolean closed;
  private final AtomicInteger unauthenticated = new AtomicInteger();
  private final AtomicBoolean refusing = new AtomicBoolean();

  /**
   * Takes a slot for a connection that has not said hello yet; false (and no slot taken) when
   * {@code max} connections are already waiting for theirs.
   */
  boolean admitUnauthenticated(int max) {
    if (unauthenticated.incrementAndGet() <= max) {
      return true;
    }
    unauthenticated.decrementAndGet();
    if (refusing.compareAndSet(false, true)) {
      LOG.warn("feed: {} connections are waiting for their hello; refusing more until half of"
          + " them are gone", max);
    }
    return false;
  }

  /** Gives back the slot of {@link #admitUnauthenticated}: the connection said hello or closed. */
  void releaseUnauthenticated(int max) {
    if (unauthenticated.decrementAndGet() <= max / 2) {
      refusing.set(false);
    }
  }

  /** A connection became active; false (and nothing kept) once the server is closing. */
  boolean add(Subscriber s, Channel ch) {
    if (closed) {
      return false;
    }
    channels.add(ch);
    byId.put(s.id, s);
    return true;
  }

  /** A connection closed. */
  void remove(Subscriber s) {
    byId.remove(s.id);
  }

  /** Makes every connection write what was published since its cursor; never blocks. */
  void wakeAll() {
    for (Subscriber s : byId.values()) {
      s.wake();
    }
  }

  /** A snapshot of every open connection, by id; {@code last} is the server's last seq. */
  List<SubscriberInfo> snapshot(long last) {
    List<SubscriberInfo> out = new ArrayList<>(byId.size());
    for (Subscriber s : byId.values()) {
      long acked = s.acked;
      out.add(new SubscriberInfo(s.id, s.remote, s.cursor, acked, Math.max(0, last - acked), s.state));
    }
    out.sort(Comparator.comparingLong(SubscriberInfo::id));
    return out;
  }

  /** Refuses new connections, closes the open ones and waits up to {@code millis} for them. */
  void closeAll(long millis) {
    closed = true;
    channels.close().awaitUninterruptibly(millis);
  }
}
