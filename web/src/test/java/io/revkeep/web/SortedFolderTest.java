package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.web.SortedFolder.Sort;
import io.revkeep.web.api.FolderBodies.DirEntry;
import io.revkeep.web.api.FolderBodies.Entry;
import io.revkeep.web.api.FolderBodies.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedFolderTest {
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  private static FileEntry file(String name, long size, int ageSeconds) {
    return new FileEntry(name, name, size, 1, "h", T.minusSeconds(ageSeconds), "u", false, null,
        null);
  }

  private static DirEntry dir(String name) {
    return new DirEntry(name, name, 0, 0, null, null, false);
  }

  private static List<String> names(List<Entry> entries) {
    return entries.stream().map(Entry::name).toList();
  }

  @Test
  void folders_come_first_then_the_key_then_names_as_people_read_them() {
    List<Entry> entries = List.of(file("f10", 5, 1), file("f2", 5, 3), dir("d10"), dir("d9"),
        file("F1", 7, 2));
    assertThat(names(SortedFolder.of(entries, Sort.NAME).page("", 0, 10).entries()))
        .containsExactly("d9", "d10", "F1", "f2", "f10");
    assertThat(names(SortedFolder.of(entries, Sort.SIZE).page("", 0, 10).entries()))
        .containsExactly("d9", "d10", "F1", "f2", "f10");
    assertThat(names(SortedFolder.of(entries, Sort.TIME).page("", 0, 10).entries()))
        .containsExactly("d9", "d10", "f10", "F1", "f2");
  }

  @Test
  void pages_cut_one_order_without_gaps_or_repeats_and_the_filter_keeps_it() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      entries.add(file("f" + i + ".txt", i, i));
    }
    SortedFolder folder = SortedFolder.of(entries, Sort.NAME);
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 1000; offset += 64) {
      SortedFolder.Slice s = folder.page("", offset, 64);
      assertThat(s.total()).isEqualTo(1000);
      paged.addAll(names(s.entries()));
    }
    assertThat(paged).hasSize(1000).doesNotHaveDuplicates().startsWith("f0.txt", "f1.txt",
        "f2.txt").endsWith("f999.txt");
    SortedFolder.Slice nines = folder.page("F99", 0, 5);
    assertThat(nines.total()).isEqualTo(11); // f99 and f990..f999
    assertThat(names(nines.entries())).containsExactly("f99.txt", "f990.txt", "f991.txt",
        "f992.txt", "f993.txt");
    assertThat(names(folder.page("f99", 10, 5).entries())).containsExactly("f999.txt");
    assertThat(folder.page("", 5000, 10).entries()).isEmpty();
    assertThat(folder.page("nothing", 0, 10).total()).isZero();
  }

  @Test
  void an_unknown_sort_is_refused() {
    assertThat(Sort.of(null)).isEqualTo(Sort.NAME);
    assertThat(Sort.of("time")).isEqualTo(Sort.TIME);
    assertThatThrownBy(() -> Sort.of("owner")).isInstanceOf(HttpError.class)
        .hasMessage("the parameter 'sort' is name, size or time");
  }
}
