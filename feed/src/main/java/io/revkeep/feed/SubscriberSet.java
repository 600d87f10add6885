package io.revkeep.feed;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one {@link FeedServer}: the publisher wakes them all, status shows
 * them, and close() closes them together.
 */
final class SubscriberSet {
  /*
   * Threads:    event loops add and remove their own connection (channelActive, channelInactive);
   *             the publisher calls wakeAll(); any thread snapshot(); the closing thread
   *             closeAll().
   * State:      a ConcurrentHashMap by id and a Netty ChannelGroup (both thread-safe); closed is
   *             volatile and only ever goes from false to true.
   * Shutdown:   closeAll() marks the set closed, then closes every channel in the group and waits
   *             for them; a connection that becomes active after that is refused by add().
   */

  private final ConcurrentHashMap<Long, Subscriber> byId = new ConcurrentHashMap<>();
  private final ChannelGroup channels = new DefaultChannelGroup("feed", GlobalEventExecutor.INSTANCE);
  private volatile boolean closed;

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
