package io.revkeep.core;

import java.io.IOException;
import java.net.InetAddress;

/** This host's name, as revkeep records it in versions' locations and services' status. */
public final class HostName {
  private HostName() {}

  /** The local host name; {@code localhost} when the name service cannot say. */
  public static String get() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
