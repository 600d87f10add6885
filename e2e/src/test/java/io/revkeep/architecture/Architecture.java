package io.revkeep.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Set;

/**
 * revkeep's architecture as ArchUnit rules, for {@link ArchitectureTest}: the module dependency
 * rule of docs/ARCHITECTURE.md ("Modules and the dependency rule") class by class, and the rule
 * that web and cli never write into the shared folder themselves ("The one writer into the shared
 * folder"). The enforcer's bannedDependencies (root pom) checks the same module rule on the poms.
 */
final class Architecture {
  /** The class every write into the shared folder is to go through, by name (see below). */
  static final String ATOMIC_WRITE = "io.revkeep.core.paths.AtomicWrite";

  private Architecture() {}

  /**
   * Each module is a package, {@code io.revkeep.<module>}, and may depend only on the modules
   * listed for it; config and core are leaves, only cli sees every module. bench and e2e are not
   * on the list: their classes are harnesses, never imported as production code.
   *
   * @param optionalModules true when checking a few classes (a fixture) rather than the product,
   *     where every module must have classes (so a renamed package cannot empty the rule)
   */
  static LayeredArchitecture modules(boolean optionalModules) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .withOptionalLayers(optionalModules)
        .layer("config").definedBy("io.revkeep.config..")
        .layer("core").definedBy("io.revkeep.core..")
        .layer("feed").definedBy("io.revkeep.feed..")
        .layer("store-couchbase").definedBy("io.revkeep.store.couchbase..")
        .layer("listener").definedBy("io.revkeep.listener..")
        .layer("backup").definedBy("io.revkeep.backup..")
        .layer("web").definedBy("io.revkeep.web..")
        .layer("alarms").definedBy("io.revkeep.alarms..")
        .layer("cli").definedBy("io.revkeep.cli..")
        .whereLayer("config").mayNotAccessAnyLayer()
        .whereLayer("core").mayNotAccessAnyLayer()
        .whereLayer("feed").mayOnlyAccessLayers("core")
        .whereLayer("store-couchbase").mayOnlyAccessLayers("config", "core")
        .whereLayer("listener").mayOnlyAccessLayers("core", "feed")
        .whereLayer("backup").mayOnlyAccessLayers("config", "core", "feed")
        .whereLayer("web").mayOnlyAccessLayers("config", "core", "feed")
        .whereLayer("alarms").mayOnlyAccessLayers("config", "core")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer();
  }

  /**
   * No class of web or cli moves a file itself ({@code Files.move}) or calls {@link
   * #ATOMIC_WRITE}: every write into the shared folder goes through core's one writer. The
   * classes in {@code stillWritingThemselves} (top-level names) are left out of the check.
   */
  static ArchRule webAndCliNeverWriteIntoTheSharedFolder(Set<String> ownFilesOnly) {
    return noClasses().that().resideInAnyPackage("io.revkeep.web..", "io.revkeep.cli..")
        .and(DescribedPredicate.describe("are not listed as writing only revkeep's own files "
            + ownFilesOnly, c -> !ownFilesOnly.contains(topLevelName(c))))
        .should().accessTargetWhere(movesOrWritesAtomically())
        .because("every write into the shared folder goes through core's one writer"
            + " (docs/ARCHITECTURE.md, \"The one writer into the shared folder\")");
  }

  /** Every class of the product modules: main code, not tests nor test jars, not bench. */
  static JavaClasses productionClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.revkeep");
  }

  /** The methods of {@code java.nio.file.Files} that change the file system. */
  private static final Set<String> FILES_WRITERS = Set.of("move", "copy", "write",
      "writeString", "newOutputStream", "newBufferedWriter", "newByteChannel", "delete",
      "deleteIfExists", "createDirectory", "createDirectories", "createFile", "createTempFile",
      "createLink", "createSymbolicLink", "setPosixFilePermissions", "setLastModifiedTime");

  private static DescribedPredicate<JavaAccess<?>> movesOrWritesAtomically() {
    return DescribedPredicate.describe("a writing method of java.nio.file.Files, "
        + "FileChannel.open, FileOutputStream or " + ATOMIC_WRITE, access -> {
          AccessTarget target = access.getTarget();
          String owner = target.getOwner().getName();
          return owner.equals(ATOMIC_WRITE)
              || owner.equals("java.nio.file.Files") && FILES_WRITERS.contains(target.getName())
              || owner.equals("java.nio.channels.FileChannel") && target.getName().equals("open")
              || owner.equals("java.io.FileOutputStream") || owner.equals("java.io.FileWriter");
        });
  }


  private static String topLevelName(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
