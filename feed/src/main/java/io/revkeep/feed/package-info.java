/**
 * The feed: how the listener tells subscribers (backup, web) about every recorded event.
 *
 * <p>Protocol (docs/ARCHITECTURE.md, "Feed protocol"): TCP, UTF-8 JSON, one object per line,
 * lines at most 64 KiB ({@link io.revkeep.feed.FeedCodec}).
 *
 * <pre>
 * client → server  {"op":"hello","token":"…","since":N}   first, exactly once
 *                  {"op":"ack","seq":N}                    everything up to N is durable here
 *                  {"op":"fetch","hash":"…"}               send me these bytes
 *                  {"op":"ping"}                           after heartbeatInterval without writing,
 *                                                          and in answer to the server's ping
 * server → client  {"op":"welcome","last":S}               hello accepted; S = last seq published
 *                  {"op":"event","seq":…,…}                seq &gt; since, ascending, no gap, once
 *                  {"op":"blob","hash":…,"size":N}         a fetch answer starts (size -1: unknown)
 *                  {"op":"chunk","hash":…,"data":"…"}      32 KiB of it, base64
 *                  {"op":"end","hash":…}                   complete; the client checks SHA-256
 *                  {"op":"missing","hash":…}               not kept (or unreadable midway)
 *                  {"op":"ping"}                           after heartbeatInterval without writing
 *                  {"op":"error","message":"…"}            then the server closes (wrong token)
 * </pre>
 *
 * <p>Each side pings on its own schedule; a peer from which no complete line was read for the
 * idle timeout (30 s by default, three heartbeat intervals) is closed — so a client must send its
 * own pings (or acks) even while events stream to it; answering the server's pings is not
 * enough. The server closes a connection that has not sent a valid hello within 5 s, and one
 * that opens while 1,024 others are still waiting for theirs.
 *
 * <p>With {@code [tls]} (FeedServerSettings.tls, FeedClient.Builder.tls, {@link
 * io.revkeep.feed.FeedTls}) the same lines go inside TLS, and only TLS is accepted; the client
 * checks the server's certificate against its CA certificates and the host name it dialled.
 *
 * <p>Fetches are answered one at a time, in the order asked; their lines may interleave with
 * event lines. A line the peer cannot parse, an unknown op, an op in the wrong direction, a line
 * over 64 KiB, or anything before hello closes that connection only.
 */
package io.revkeep.feed;
