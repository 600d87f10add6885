package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonArray;
import com.couchbase.client.java.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Append-only lists of small JSON entries in pages, for the indexes a store without queries
 * needs (a folder's members, its timeline, the files with a hash, a change set). A counter
 * document {@code BASE|n} hands out slots; slot n goes to page {@code BASE|((n-1)/PAGE)}, which
 * is appended to under CAS. An append costs an increment, a get and a replace; a page never
 * grows past {@link #PAGE} entries, so no append rewrites a large document, and reading a list
 * is one counter get and one get per page (in parallel).
 *
 * <p>Entries are hints for readers that check them against the file documents: a writer that
 * dies after taking a slot leaves that slot empty, and an entry may appear twice (a writer and a
 * helper finishing the same operation); readers de-duplicate.
 */
final class AppendLog {
  /** Entries per page document. */
  static final int PAGE = 256;

  private final Kv kv;

  AppendLog(Kv kv) {
    this.kv = kv;
  }

  void append(String base, JsonObject entry) {
    long slot = kv.increment(base + "|n");
    String page = base + "|" + ((slot - 1) / PAGE);
    while (true) {
      Kv.Doc d = kv.get(page);
      if (d == null) {
        if (kv.insert(page, JsonObject.create().put("e", JsonArray.create().add(entry))) != 0) {
          return;
        }
      } else {
        JsonObject obj = d.obj();
        obj.getArray("e").add(entry);
        if (kv.replace(page, obj, d.cas()) != 0) {
          return;
        }
      }
      Thread.onSpinWait(); // another appender to the same page won; read it again
    }
  }

  List<JsonObject> read(String base) {
    return readAll(List.of(base)).get(base);
  }

  /** Every entry of each list, in slot order per page; an empty list for a list never written. */
  Map<String, List<JsonObject>> readAll(List<String> bases) {
    List<String> counterKeys = new ArrayList<>(bases.size());
    for (String b : bases) {
      counterKeys.add(b + "|n");
    }
    List<Kv.Doc> counters = kv.getAll(counterKeys);
    List<String> pageKeys = new ArrayList<>();
    List<String> pageOwner = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      Kv.Doc c = counters.get(i);
      long n = c == null ? 0 : c.counter();
      for (long p = 0; p * PAGE < n; p++) {
        pageKeys.add(bases.get(i) + "|" + p);
        pageOwner.add(bases.get(i));
      }
    }
    Map<String, List<JsonObject>> out = new LinkedHashMap<>();
    for (String b : bases) {
      out.put(b, new ArrayList<>());
    }
    List<Kv.Doc> pages = kv.getAll(pageKeys);
    for (int i = 0; i < pages.size(); i++) {
      Kv.Doc page = pages.get(i);
      if (page == null) {
        continue;
      }
      JsonArray entries = page.obj().getArray("e");
      List<JsonObject> into = out.get(pageOwner.get(i));
      for (int j = 0; j < entries.size(); j++) {
        into.add(entries.getObject(j));
      }
    }
    return out;
  }
}
