package io.revkeep.core;

import org.apache.logging.log4j.message.AbstractMessageFactory;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;

/**
 * The log4j2 message factory of revkeep's processes (named by {@code log4j2.messageFactory} in the
 * cli's {@code log4j2.component.properties}): every log message's text goes through {@link
 * Printable#escape}, so a file or user name with a line feed or a terminal escape cannot forge a log
 * line or act on the terminal of whoever reads the log. Parameters are formatted as log4j's own
 * {@link ParameterizedMessage} does; a trailing exception stays the record's exception (its stack
 * trace is written by the layout, unescaped, as before).
 *
 * <p>Stateless and thread-safe: each call makes one new message.
 */
public final class PrintableMessageFactory extends AbstractMessageFactory {
  private static final long serialVersionUID = 1L;

  /** Made by log4j through the property; also usable directly, e.g. {@code LogManager.getLogger(c, f)}. */
  public PrintableMessageFactory() {}

  @Override
  public Message newMessage(String message, Object... params) {
    return new PrintableMessage(new ParameterizedMessage(message, params));
  }

  @Override
  public Message newMessage(String message) {
    return new PrintableMessage(super.newMessage(message));
  }

  @Override
  public Message newMessage(CharSequence message) {
    return new PrintableMessage(super.newMessage(message));
  }

  @Override
  public Message newMessage(Object message) {
    return new PrintableMessage(super.newMessage(message));
  }

  /** A message whose formatted text is escaped; everything else is the delegate's. */
  private static final class PrintableMessage implements Message {
    private static final long serialVersionUID = 1L;

    private final Message delegate;
    private transient String formatted;

    PrintableMessage(Message delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getFormattedMessage() {
      if (formatted == null) {
        formatted = Printable.escape(String.valueOf(delegate.getFormattedMessage()));
      }
      return formatted;
    }

    @Override
    public String getFormat() {
      return delegate.getFormat();
    }

    @Override
    public Object[] getParameters() {
      return delegate.getParameters();
    }

    @Override
    public Throwable getThrowable() {
      return delegate.getThrowable();
    }

    @Override
    public String toString() {
      return getFormattedMessage();
    }
  }
}
