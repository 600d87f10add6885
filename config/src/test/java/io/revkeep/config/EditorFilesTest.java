package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default ignore list covers what editors write beside a document, and no document. */
class EditorFilesTest {
  private static final List<PathMatcher> GLOBS = EditorFiles.IGNORE.stream()
      .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();

  private static boolean ignored(String name) {
    return GLOBS.stream().anyMatch(m -> m.matches(Path.of(name)));
  }

  @Test
  void the_files_editors_and_office_suites_write_while_editing_and_saving_are_ignored() {
    assertThat(List.of(
        ".report.txt.swp", ".report.txt.swo", ".report.txt.swx", "report.txt~", // vim
        ".#report.txt", "#report.txt#", // emacs
        "~$report.docx", "~$budget.xlsx", "~WRL0001.tmp", "~WRD2841.tmp", // Microsoft Office
        ".~lock.report.odt#", "lu8123abc.tmp", // LibreOffice
        ".report.txt.kate-swp", ".goutputstream-9XK2TZ", // Kate, gedit
        "report.txt___jb_tmp___", "report.txt___jb_old___")) // JetBrains
        .allSatisfy(name -> assertThat(ignored(name)).as(name).isTrue());
  }

  @Test
  void documents_are_not_ignored() {
    assertThat(List.of("report.docx", "budget.xlsx", "notes.txt", "~draft.txt", "tmp.txt",
        "lunch.txt", "#1 priorities.md", "a~b.txt", "lock.odt", "jb.txt", "README"))
        .allSatisfy(name -> assertThat(ignored(name)).as(name).isFalse());
  }
}
