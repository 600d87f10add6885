package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageThumbnailsTest {
  static byte[] image(int w, int h, String format) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, w / 2, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).isTrue();
    return out.toByteArray();
  }

  static BufferedImage read(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  /** A real PNG whose header is rewritten to declare w × h pixels (its CRC made right). */
  static byte[] pngDeclaring(int w, int h) throws IOException {
    byte[] png = image(4, 4, "png");
    ByteBuffer b = ByteBuffer.wrap(png);
    b.putInt(16, w).putInt(20, h); // IHDR data starts at 16: width, height
    CRC32 crc = new CRC32();
    crc.update(png, 12, 4 + 13); // "IHDR" and its 13 bytes
    b.putInt(29, (int) crc.getValue());
    return png;
  }

  @Test
  void each_type_imageio_reads_gets_a_png_that_fits_the_box_and_keeps_the_aspect()
      throws Exception {
    for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
      BufferedImage t = read(ImageThumbnails.of(new ByteArrayInputStream(image(800, 400, format))));
      assertThat(t.getWidth()).as(format).isEqualTo(ImageThumbnails.BOX);
      assertThat(t.getHeight()).as(format).isEqualTo(ImageThumbnails.BOX / 2);
      // the top-left quarter was blue, the rest orange: the picture is the picture
      assertThat(new Color(t.getRGB(10, 10)).getBlue()).as(format).isGreaterThan(200);
      assertThat(new Color(t.getRGB(200, 100)).getRed()).as(format).isGreaterThan(200);
    }
  }

  @Test
  void a_small_image_is_not_enlarged() throws Exception {
    BufferedImage t = read(ImageThumbnails.of(new ByteArrayInputStream(image(40, 30, "png"))));
    assertThat(t.getWidth()).isEqualTo(40);
    assertThat(t.getHeight()).isEqualTo(30);
  }

  @Test
  void a_large_image_is_decoded_subsampled_and_still_fits() throws Exception {
    // 3000 × 2000 = 6 million pixels, above DECODE_PIXELS: read every second pixel
    BufferedImage t = read(ImageThumbnails.of(new ByteArrayInputStream(image(3000, 2000, "png"))));
    assertThat(t.getWidth()).isEqualTo(256);
    assertThat(t.getHeight()).isEqualTo(171);
  }

  @Test
  void a_decompression_bomb_is_refused_by_its_header_before_any_pixel_is_decoded()
      throws Exception {
    // 50000 × 50000 declared: decoding would take 10 GB of heap; the refusal comes from the header
    byte[] bomb = pngDeclaring(50_000, 50_000);
    assertThat(bomb.length).isLessThan(200);
    assertThatThrownBy(() -> ImageThumbnails.of(new ByteArrayInputStream(bomb)))
        .isInstanceOf(ImageThumbnails.Refused.class)
        .hasMessageContaining("too large for a thumbnail")
        .hasMessageContaining("50000 × 50000");
  }

  @Test
  void text_and_damaged_images_are_refused_with_a_line_for_the_user() throws Exception {
    assertThatThrownBy(() -> ImageThumbnails.of(new ByteArrayInputStream(
        "just text\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ImageThumbnails.Refused.class).hasMessageContaining("not an image");
    byte[] png = image(300, 300, "png");
    byte[] truncated = Arrays.copyOf(png, png.length / 2);
    assertThatThrownBy(() -> ImageThumbnails.of(new ByteArrayInputStream(truncated)))
        .isInstanceOf(ImageThumbnails.Refused.class).hasMessageContaining("cannot be read");
  }

  @Test
  void image_names_are_known_by_their_ending() {
    assertThat(ImageThumbnails.isImage("a/Photo.JPG")).isTrue();
    assertThat(ImageThumbnails.isImage("x.png")).isTrue();
    assertThat(ImageThumbnails.isImage("x.svg")).isFalse(); // scripts can live in SVG
    assertThat(ImageThumbnails.isImage("png")).isFalse();
    assertThat(ImageThumbnails.isImage("notes.txt")).isFalse();
  }
}
