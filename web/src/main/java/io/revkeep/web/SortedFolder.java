package io.revkeep.web;

import io.revkeep.web.api.FolderBodies.DirEntry;
import io.revkeep.web.api.FolderBodies.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One folder's entries in the order of a paged listing, ready to be cut into pages: folders
 * first, then by the chosen key, then by name in {@link NaturalOrder}, then by exact name — a
 * total order, so a page and the next never repeat or skip an entry of the same listing. The
 * name filter ({@code q}) keeps that order. Immutable once built, so requests share one
 * (see {@link SeqCache}).
 */
final class SortedFolder {
  /** The orders a page may ask for ({@code ?sort=}). */
  enum Sort {
    /** By name. */
    NAME,
    /** Largest first. */
    SIZE,
    /** Newest change first (entries with none last). */
    TIME;

    /** {@code ?sort=}: absent is by name; anything else unknown is a 400. */
    static Sort of(String s) {
      if (s == null || s.isBlank()) {
        return NAME;
      }
      return switch (s.trim()) {
        case "name" -> NAME;
        case "size" -> SIZE;
        case "time" -> TIME;
        default -> throw new HttpError(400, "the parameter 'sort' is name, size or time");
      };
    }
  }

  /**
   * A cut of the listing.
   *
   * @param entries at most the page's limit, from its offset among those that match
   * @param total how many entries match the filter (all of them without one)
   */
  record Slice(List<Entry> entries, int total) {}

  private final Sort sort;
  private final List<Entry> entries;
  /** Each entry's name in lower case, for the filter. */
  private final String[] lower;

  private SortedFolder(Sort sort, List<Entry> entries) {
    this.sort = sort;
    this.entries = List.copyOf(entries);
    this.lower = new String[entries.size()];
    for (int i = 0; i < lower.length; i++) {
      lower[i] = entries.get(i).name().toLowerCase(Locale.ROOT);
    }
  }

  private SortedFolder(Sort sort, List<Entry> entries, String[] lower) {
    this.sort = sort;
    this.entries = List.copyOf(entries);
    this.lower = lower;
  }

  /** Sorts a folder's entries (each name is folded once, not once per comparison). */
  static SortedFolder of(List<Entry> entries, Sort sort) {
    record Keyed(Entry e, String fold) {}
    List<Keyed> keyed = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      keyed.add(new Keyed(e, NaturalOrder.fold(e.name())));
    }
    Comparator<Keyed> folders = Comparator.comparingInt(k -> k.e() instanceof DirEntry ? 0 : 1);
    Comparator<Keyed> key = switch (sort) {
      case NAME -> (a, b) -> 0;
      case SIZE -> Comparator.comparingLong((Keyed k) -> k.e().size()).reversed();
      case TIME -> Comparator.comparing((Keyed k) -> k.e().lastModified(),
          Comparator.nullsLast(Comparator.<Instant>reverseOrder()));
    };
    keyed.sort(folders.thenComparing(key)
        .thenComparing((a, b) -> NaturalOrder.compareFolded(a.fold(), b.fold()))
        .thenComparing(k -> k.e().name()));
    List<Entry> sorted = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      sorted.add(k.e());
    }
    return new SortedFolder(sort, sorted);
  }

  /** The order of {@link #of} on single entries (each name folded per comparison). */
  private static Comparator<Entry> order(Sort sort) {
    Comparator<Entry> folders = Comparator.comparingInt(e -> e instanceof DirEntry ? 0 : 1);
    Comparator<Entry> key = switch (sort) {
      case NAME -> (a, b) -> 0;
      case SIZE -> Comparator.comparingLong(Entry::size).reversed();
      case TIME -> Comparator.comparing(Entry::lastModified,
          Comparator.nullsLast(Comparator.<Instant>reverseOrder()));
    };
    return folders.thenComparing(key)
        .thenComparing((a, b) -> NaturalOrder.compareFolded(NaturalOrder.fold(a.name()),
            NaturalOrder.fold(b.name())))
        .thenComparing(Entry::name);
  }

  /**
   * This listing with some of its entries read again: the file entries named in {@code files}
   * and the folder entries named in {@code folders} are taken out, and {@code fresh} (those of
   * them that are still to be listed) put in at their place in the order. Costs a copy of the
   * entries, not a sort.
   */
  SortedFolder with(Set<String> files, Set<String> folders, List<Entry> fresh) {
    List<Entry> kept = new ArrayList<>(entries.size() + fresh.size());
    List<String> keptLower = new ArrayList<>(entries.size() + fresh.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!(e instanceof DirEntry ? folders : files).contains(e.name())) {
        kept.add(e);
        keptLower.add(lower[i]);
      }
    }
    Comparator<Entry> order = order(sort);
    for (Entry f : fresh) {
      int at = Collections.binarySearch(kept, f, order);
      int i = at >= 0 ? at : -at - 1;
      kept.add(i, f);
      keptLower.add(i, f.name().toLowerCase(Locale.ROOT));
    }
    return new SortedFolder(sort, kept, keptLower.toArray(String[]::new));
  }

  /** How many live files lie beneath the folder entries named in {@code names}, as kept. */
  long filesBeneath(Set<String> names) {
    long files = 0;
    // folders come first: the walk stops at the first file
    for (int i = 0; i < entries.size() && entries.get(i) instanceof DirEntry d; i++) {
      files += names.contains(d.name()) ? d.files() : 0;
    }
    return files;
  }

  /** How many entries the folder has (the cache's weight). */
  int size() {
    return entries.size();
  }

  /**
   * The entries whose name holds {@code q} (ignoring case; every entry when blank), from the
   * {@code offset}-th match, at most {@code limit}.
   */
  Slice page(String q, int offset, int limit) {
    if (q == null || q.isEmpty()) {
      int from = Math.min(offset, entries.size());
      return new Slice(entries.subList(from, Math.min(entries.size(), from + limit)),
          entries.size());
    }
    String needle = q.toLowerCase(Locale.ROOT);
    List<Entry> out = new ArrayList<>(Math.min(limit, 256));
    int matched = 0;
    for (int i = 0; i < lower.length; i++) {
      if (lower[i].contains(needle)) {
        if (matched >= offset && out.size() < limit) {
          out.add(entries.get(i));
        }
        matched++;
      }
    }
    return new Slice(out, matched);
  }
}
