package io.revkeep.alarms;

/** Sends one plain-text mail to the configured recipients. */
@FunctionalInterface
interface Mailer {
  void send(String subject, String body) throws Exception;
}
