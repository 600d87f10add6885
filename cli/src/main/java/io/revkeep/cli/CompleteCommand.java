package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.Store;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep __complete paths|change-sets WORD}: the candidates the bash completion script
 * ({@link CompletionCommand}) offers for a path argument — recorded files and folders below the
 * folder WORD names, written as WORD was (relative to where you stand, or absolute) — and for
 * {@code --change-set}: short ids that start with WORD. One per line; nothing on any error.
 */
@Command(name = "__complete", hidden = true, mixinStandardHelpOptions = true)
final class CompleteCommand extends StoreCommand {
  /** Candidates printed at most. */
  private static final int MAX = 200;

  @Parameters(index = "0", paramLabel = "KIND") String kind;

  @Parameters(index = "1", paramLabel = "WORD", arity = "0..1", defaultValue = "") String word;

  @Override
  public Integer call() {
    try {
      return super.call();
    } catch (Exception e) {
      return 0; // a completion offers nothing rather than an error
    }
  }

  @Override
  int run(Config config, Store store) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    if (kind.equals("change-sets")) {
      long after = 0;
      for (List<Event> page; out.size() < MAX
          && !(page = store.eventsAfter(after, 5000)).isEmpty(); ) {
        for (Event e : page) {
          if (e.changeSet() != null && e.changeSet().startsWith(word)) {
            out.add(ChangeSetIds.shortOf(e.changeSet()));
          }
        }
        after = page.get(page.size() - 1).seq();
      }
    } else {
      int slash = word.lastIndexOf('/');
      String typedDir = slash < 0 ? "" : word.substring(0, slash + 1);
      String dir = PathArguments.of(config).dir(typedDir.isEmpty() ? "." : typedDir);
      String prefix = dir.isEmpty() ? "" : dir + "/";
      for (FileRecord f : store.files(dir, true, false)) {
        String rest = f.path().substring(prefix.length());
        int next = rest.indexOf('/');
        String candidate = typedDir + (next < 0 ? rest : rest.substring(0, next + 1));
        if (candidate.startsWith(word)) {
          out.add(candidate);
        }
      }
    }
    out.stream().limit(MAX).forEach(System.out::println);
    return 0;
  }
}
