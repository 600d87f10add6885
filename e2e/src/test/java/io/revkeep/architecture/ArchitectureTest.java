package io.revkeep.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture checked class by class on every product module (this test lives in e2e, the
 * one module that sees them all), and proof that the checks catch what they forbid: the fixtures
 * under {@code io.revkeep.web.fixture} (test classes, never production code) break each rule.
 */
class ArchitectureTest {
  /**
   * The classes of web and cli that write files, none of them in the shared folder: each one
   * named here with what it writes, so a new writer has to say why it is not a shared-folder
   * write. Web's Auth writes the first admin's password into the data folder
   * (<data>/initial-admin-password, 0600); its ThumbnailCache the thumbnails of image versions
   * (<data>/thumbnails/). Cli's ExportFiles writes versions to the destination
   * of 'revkeep export', which ExportCommand refuses inside the shared, data or backup folder.
   */
  static final Set<String> WRITE_ONLY_REVKEEPS_OWN_FILES = Set.of("io.revkeep.web.Auth",
      "io.revkeep.web.ThumbnailCache",
      "io.revkeep.cli.ExportFiles");

  private static final String FIXTURES = "io.revkeep.web.fixture";

  private static JavaClasses production;

  @BeforeAll
  static void importTheProduct() {
    production = Architecture.productionClasses();
  }

  @Test
  void every_module_depends_only_on_the_modules_the_rule_allows() {
    Architecture.modules(false).check(production);
  }

  @Test
  void web_and_cli_never_write_into_the_shared_folder_themselves() {
    Architecture.webAndCliNeverWriteIntoTheSharedFolder(
        WRITE_ONLY_REVKEEPS_OWN_FILES).check(production);
  }

  @Test
  void the_production_import_holds_no_test_code() {
    assertThat(production.contain("io.revkeep.web.WebDaemon")).isTrue();
    assertThat(production.containPackage(FIXTURES)).isFalse();
    // this module's tests, a test jar's classes (web's, store-couchbase's)
    assertThat(production.contain("io.revkeep.web.WebHarness")).isFalse();
    assertThat(production.contain("io.revkeep.web.Http")).isFalse();
    assertThat(production.contain("io.revkeep.store.couchbase.TestCluster")).isFalse();
  }

  @Test
  void a_web_class_that_imports_the_listener_breaks_the_module_rule() {
    EvaluationResult result = Architecture.modules(true).evaluate(fixtures());

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains(FIXTURES + ".UsesTheListener")
            && line.contains("io.revkeep.listener.ListenerDaemon"));
  }

  @Test
  void a_web_class_that_moves_a_file_itself_breaks_the_one_writer_rule() {
    EvaluationResult result =
        Architecture.webAndCliNeverWriteIntoTheSharedFolder(Set.of()).evaluate(fixtures());

    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains(FIXTURES + ".MovesAFileItself")
            && line.contains("java.nio.file.Files.move"));
  }

  private static JavaClasses fixtures() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURES);
    assertThat(fixtures).isNotEmpty();
    return fixtures;
  }
}
