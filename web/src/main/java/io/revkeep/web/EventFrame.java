package io.revkeep.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.revkeep.core.model.Event;
import io.revkeep.web.api.ChangeEvent;

/**
 * One store event as the bytes of a server-sent {@code change} event ({@code id} = seq, {@code
 * data} = its {@link ChangeEvent} as one line of JSON), made once and written to every stream
 * that gets it: {@link Events} encodes an event when the feed delivers it, not once per stream.
 */
record EventFrame(long seq, byte[] bytes) {
  /** A comment line: keeps an idle stream's proxies and dead-peer detection busy. */
  static final byte[] PING = ": ping\n".getBytes(UTF_8);

  static EventFrame of(Event e) {
    // Json writes one line (no indentation; line breaks in names are escaped as \n), so the
    // data field needs no splitting
    String text = "id: " + e.seq() + "\nevent: change\ndata: " + Json.write(ChangeEvent.of(e))
        + "\n\n";
    return new EventFrame(e.seq(), text.getBytes(UTF_8));
  }
}
