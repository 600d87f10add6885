package io.revkeep.alarms;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** Plain SMTP (no authentication, as an office relay on the LAN expects) with Jakarta Mail. */
final class SmtpMailer implements Mailer {
  /** How long to wait for the SMTP server to connect and to answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Session session;
  private final String from;
  private final List<String> to;

  SmtpMailer(String host, int port, String from, List<String> to) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", Long.toString(TIMEOUT.toMillis()));
    p.put("mail.smtp.timeout", Long.toString(TIMEOUT.toMillis()));
    p.put("mail.smtp.writetimeout", Long.toString(TIMEOUT.toMillis()));
    this.session = Session.getInstance(p);
    this.from = from;
    this.to = List.copyOf(to);
  }

  @Override
  public void send(String subject, String body) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    for (String address : to) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
    }
    m.setSubject(subject, "UTF-8");
    m.setText(body, "UTF-8");
    m.setSentDate(new Date());
    Transport.send(m);
  }
}
