package io.revkeep.core.model;

/** A web/CLI user. {@code passwordHash} is the output of a real KDF (bcrypt), never a password. */
public record User(String name, String passwordHash, Role role) {
  @Override
  public String toString() {
    return "User[" + name + ", " + role.wire() + "]";
  }
}
