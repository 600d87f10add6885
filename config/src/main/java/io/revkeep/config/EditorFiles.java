package io.revkeep.config;

import java.util.List;

/**
 * The names editors and office suites give their lock, owner, swap, backup and temporary files:
 * the default {@code [listener] ignore}. None is a document a person saved, and versioning them
 * would fill every history with noise; the save that uses them (write a temporary file, move the
 * document away, move the temporary into place, delete the old one) reaches the document as one
 * change, so it becomes one new version with its history intact (the listener settles a path's
 * delete and create into one change).
 */
public final class EditorFiles {
  private EditorFiles() {}

  /** Globs matched against a file's name (not its folder), in the order the README lists them. */
  public static final List<String> IGNORE = List.of(
      "*.swp", "*.swo", "*.swx", // vim's swap files (.report.txt.swp)
      "*~", // vim's and emacs's backups, gedit's and Kate's too (report.txt~)
      // emacs: the lock link (.#report.txt) and auto-save (#report.txt#); "[#]" because a "#"
      // after a space starts a comment in revkeep.ini
      ".#*", "[#]*#",
      "~$*", // Microsoft Office's owner file (~$report.docx)
      "~*.tmp", // Microsoft Office's temporary files while saving (~WRL0001.tmp)
      ".~lock.*#", // LibreOffice's lock file (.~lock.report.odt#)
      "lu*.tmp", // LibreOffice's temporary file while saving (lu12345abcd.tmp)
      "*.kate-swp", // Kate's swap file (.report.txt.kate-swp)
      ".goutputstream-*", // gedit's (GIO's) temporary file while saving
      "*___jb_tmp___", "*___jb_old___" // JetBrains IDEs' "safe write"
  );
}
