package io.revkeep.core.store;

/**
 * A guarded change of accounts was refused because it would have left no admin: the user it
 * demotes or removes is, at the moment of the change, the only admin. Nothing was changed.
 * A {@link ConflictException}: the store answered and refused the change as things stand.
 */
public class LastAdminException extends ConflictException {
  public LastAdminException(String name) {
    super("'" + name + "' is the only admin; make another user admin first");
  }
}
