package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Passwords;
import io.revkeep.core.Printable;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.LastAdminException;
import io.revkeep.core.store.Store;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code revkeep user add|passwd|rm|ls}: the users of the web UI and API. Passwords are read
 * without echo from the terminal, or as one line from standard input with
 * {@code --password-stdin}; they are stored as bcrypt hashes ({@link Passwords}), never printed.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
    subcommands = {UserCommands.Add.class, UserCommands.Passwd.class, UserCommands.Rm.class,
        UserCommands.Ls.class})
final class UserCommands implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a user command: add, passwd, rm or ls");
  }

  /** Opens the store for one user command. */
  private abstract static class UserCommand implements Callable<Integer> {
    @Mixin ConfigOption configOption;

    abstract int run(Store store) throws IOException;

    @Override
    public Integer call() throws IOException {
      Logging.configureConsoleOnly(Level.WARN);
      Config config = configOption.loadCreating();
      try (Store store = Services.openStore(config)) {
        return run(store);
      }
    }
  }

  /** Converts {@code admin|editor|viewer}; a bad value is a usage error (exit 2). */
  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      try {
        return Role.fromWire(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Where a new password comes from. */
  private abstract static class WithPassword extends UserCommand {
    @Option(names = "--password-stdin",
        description = "read the password as one line from standard input (for scripts)")
    boolean passwordStdin;

    /** The password, checked by {@link Passwords#problem}; the caller wipes it. */
    char[] readPassword(String name) throws IOException {
      char[] password;
      if (passwordStdin) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
          throw new UserError("no password on standard input: pipe one line into"
              + " --password-stdin");
        }
        password = line.toCharArray();
      } else {
        Console console = System.console();
        if (console == null) {
          throw new UserError("no terminal to read the password from: pipe it with"
              + " --password-stdin");
        }
        password = console.readPassword("password for %s: ", name);
        char[] again = console.readPassword("again: ");
        if (password == null || again == null || !Arrays.equals(password, again)) {
          throw new UserError("the two passwords differ; nothing was changed");
        }
        Arrays.fill(again, ' ');
      }
      String problem = Passwords.problem(password);
      if (problem != null) {
        throw new UserError(problem + "; nothing was changed");
      }
      return password;
    }

    String hash(String name) throws IOException {
      char[] password = readPassword(name);
      try {
        return Passwords.hash(password);
      } finally {
        Arrays.fill(password, ' ');
      }
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user (the password is asked without echo, or read with"
          + " --password-stdin).")
  static final class Add extends WithPassword {
    @Parameters(paramLabel = "NAME", description = "the user's login name")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "editor",
        converter = RoleConverter.class,
        description = "admin, editor or viewer (default: ${DEFAULT-VALUE})")
    Role role;

    @Override
    int run(Store store) throws IOException {
      checkName(name);
      if (store.user(name).isPresent()) {
        throw new UserError("user '" + name + "' already exists: change the password with"
            + " 'revkeep user passwd " + name + "'");
      }
      String hash = hash(name);
      try {
        store.addUser(new User(name, hash, role));
      } catch (ConflictException e) {
        throw new UserError("user '" + name + "' already exists");
      }
      System.out.printf("added user %s (%s)%n", name, role.wire());
      return 0;
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Set a user's password (and, with --role, the role).")
  static final class Passwd extends WithPassword {
    @Parameters(paramLabel = "NAME", description = "the user's login name")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
        description = "also change the role: admin, editor or viewer")
    Role role;

    @Override
    int run(Store store) throws IOException {
      User user = existing(store, name);
      Role newRole = role == null ? user.role() : role;
      if (user.role() == Role.ADMIN && newRole != Role.ADMIN) {
        requireAnotherAdmin(store, name, "take the admin role from");
      }
      String hash = hash(name);
      boolean updated;
      try {
        updated = store.updateUserKeepingAnAdmin(new User(name, hash, newRole));
      } catch (LastAdminException e) { // another admin was demoted or removed meanwhile
        throw onlyAdmin(name, "take the admin role from");
      }
      if (!updated) {
        throw new UserError("no user '" + name + "' (it was removed meanwhile)");
      }
      store.removeWebSessions(name, null); // as the web's password reset: log in again
      System.out.printf("changed the password of %s (%s)%n", name, newRole.wire());
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Rm extends UserCommand {
    @Parameters(paramLabel = "NAME", description = "the user's login name")
    String name;

    @Override
    int run(Store store) {
      User user = existing(store, name);
      if (user.role() == Role.ADMIN) {
        requireAnotherAdmin(store, name, "remove");
      }
      boolean removed;
      try {
        removed = store.removeUserKeepingAnAdmin(name);
      } catch (LastAdminException e) { // another admin was demoted or removed meanwhile
        throw onlyAdmin(name, "remove");
      }
      if (!removed) {
        throw new UserError("no user '" + name + "' (it was removed meanwhile)");
      }
      System.out.printf("removed user %s%n", name);
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List users and their roles (never their password hashes).")
  static final class Ls extends UserCommand {
    @Option(names = "--json", description = "print machine-readable JSON")
    boolean json;

    @Override
    int run(Store store) {
      List<User> users = store.users();
      if (json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (User u : users) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", u.name());
          m.put("role", u.role().wire());
          out.add(m);
        }
        System.out.println(Json.write(out));
        return 0;
      }
      if (users.isEmpty()) {
        System.out.println("no users yet: add one with 'revkeep user add NAME --role admin'");
        return 0;
      }
      System.out.printf("%-24s %s%n", "NAME", "ROLE");
      for (User u : users) {
        System.out.printf("%-24s %s%n", Printable.of(u.name()), u.role().wire());
      }
      return 0;
    }
  }

  private static User existing(Store store, String name) {
    Optional<User> user = store.user(name);
    if (user.isEmpty()) {
      throw new UserError("no user '" + name + "' (see 'revkeep user ls')");
    }
    return user.get();
  }

  /** Refuses to leave revkeep without any admin. */
  private static void requireAnotherAdmin(Store store, String name, String verb) {
    boolean other = store.users().stream()
        .anyMatch(u -> u.role() == Role.ADMIN && !u.name().equals(name));
    if (!other) {
      throw onlyAdmin(name, verb);
    }
  }

  /**
   * The refusal to leave no admin. The check above only spares a password prompt: the store's
   * guarded update and removal decide atomically (two admins demoting each other at once).
   */
  private static UserError onlyAdmin(String name, String verb) {
    return new UserError("cannot " + verb + " '" + name + "': it is the only admin; add another"
        + " admin first");
  }

  /** Login names: letters, digits and {@code . _ @ -}, 1 to 64 characters. */
  private static void checkName(String name) {
    if (!name.matches("[\\p{L}\\p{N}._@-]{1,64}")) {
      throw new UserError("'" + name + "' is not a valid user name: use 1 to 64 letters, digits,"
          + " '.', '_', '@' or '-'");
    }
  }
}
