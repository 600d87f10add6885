package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailCacheTest {
  @TempDir Path tmp;

  @Test
  void a_content_s_thumbnail_is_made_once_and_kept_in_the_data_folder() throws Exception {
    byte[] png = ImageThumbnailsTest.image(600, 300, "png");
    String hash = Vault.sha256Hex(png);
    AtomicInteger opened = new AtomicInteger();
    ThumbnailCache cache = new ThumbnailCache(tmp.resolve("thumbnails"));
    ThumbnailCache.BytesSource source = () -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(png);
    };

    ThumbnailCache.Entry first = cache.get(hash, source);
    ThumbnailCache.Entry second = cache.get(hash, source);
    // a new cache on the same folder (a restarted server) still has it
    ThumbnailCache.Entry third = new ThumbnailCache(tmp.resolve("thumbnails")).get(hash, source);

    assertThat(opened).hasValue(1);
    assertThat(first.made()).isTrue();
    assertThat(second.png()).isEqualTo(first.png());
    assertThat(third.png()).isEqualTo(first.png());
    assertThat(cache.fileOf(hash)).exists().hasBinaryContent(first.png());
    assertThat(ImageThumbnailsTest.read(first.png()).getWidth()).isEqualTo(256);
    // owner-only like the rest of the data folder
    assertThat(Files.getPosixFilePermissions(tmp.resolve("thumbnails")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(cache.fileOf(hash)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // nothing but the finished file is left (no temp file)
    try (Stream<Path> files = Files.list(cache.fileOf(hash).getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(hash + ".png");
    }
  }

  @Test
  void an_image_that_gets_none_is_remembered_with_its_reason_and_not_decoded_again()
      throws Exception {
    byte[] bomb = ImageThumbnailsTest.pngDeclaring(50_000, 50_000);
    String hash = Vault.sha256Hex(bomb);
    AtomicInteger opened = new AtomicInteger();
    ThumbnailCache cache = new ThumbnailCache(tmp.resolve("thumbnails"));
    ThumbnailCache.BytesSource source = () -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(bomb);
    };

    ThumbnailCache.Entry first = cache.get(hash, source);
    ThumbnailCache.Entry second = cache.get(hash, source);

    assertThat(first.made()).isFalse();
    assertThat(first.refusal()).contains("too large");
    assertThat(second.refusal()).isEqualTo(first.refusal());
    assertThat(opened).hasValue(1);
    assertThat(cache.fileOf(hash)).doesNotExist();
  }
}
