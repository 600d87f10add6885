package io.revkeep.web;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Makes the small PNG shown for an image version (the versions panel, the listing): PNG, JPEG,
 * GIF and BMP as {@code javax.imageio} reads them, scaled to fit {@link #BOX} pixels. Hostile
 * input is refused before it costs memory: an image whose header declares more than
 * {@link #MAX_PIXELS} pixels (a decompression bomb: a few KiB that decode to gigabytes) is
 * refused without decoding a pixel, and a large one is decoded subsampled, so at most about
 * {@link #DECODE_PIXELS} pixels are ever held. Stateless; any thread.
 */
final class ImageThumbnails {
  /** The longest side of a thumbnail, in pixels. */
  static final int BOX = 256;
  /** Images declaring more pixels than this (about 8000 × 8000) get no thumbnail. */
  static final long MAX_PIXELS = 64_000_000L;
  /** Pixels decoded at most (the source is subsampled above this): ~16 MiB of ARGB. */
  static final long DECODE_PIXELS = 4_000_000L;
  /** The file name endings the generator reads. */
  static final Set<String> TYPES = Set.of("png", "jpg", "jpeg", "gif", "bmp");

  private ImageThumbnails() {}

  /** Why an image gets no thumbnail; the message is one line a user may read. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** Whether a file name is of a type the generator reads (by its ending, as downloads are). */
  static boolean isImage(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && TYPES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * The thumbnail of the image in {@code in}, as PNG bytes.
   *
   * @throws Refused when the bytes are not an image ImageIO reads, or it is too large
   */
  static byte[] of(InputStream in) throws IOException, Refused {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      if (iis == null) {
        throw new Refused("not an image revkeep can read");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new Refused("not an image revkeep can read (PNG, JPEG, GIF or BMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        BufferedImage image = decode(reader);
        return png(scaled(image));
      } catch (IOException | RuntimeException e) {
        // a broken or truncated image: ImageIO throws IIOException or, for some bad headers,
        // IllegalArgumentException / ArrayIndexOutOfBounds; none is a server error
        throw new Refused("the image cannot be read (damaged or truncated)");
      } finally {
        reader.dispose();
      }
    }
  }

  /** Reads the header's size, refuses a bomb, then decodes (subsampled when large). */
  private static BufferedImage decode(ImageReader reader) throws IOException, Refused {
    long w = reader.getWidth(0);
    long h = reader.getHeight(0);
    if (w <= 0 || h <= 0) {
      throw new Refused("the image has no pixels");
    }
    if (w * h > MAX_PIXELS) {
      throw new Refused("the image is too large for a thumbnail (" + w + " × " + h
          + " pixels; at most " + MAX_PIXELS / 1_000_000 + " million)");
    }
    ImageReadParam param = reader.getDefaultReadParam();
    int step = 1;
    while ((w / step) * (h / step) > DECODE_PIXELS) {
      step++;
    }
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    return reader.read(0, param);
  }

  private static BufferedImage scaled(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    double f = Math.min(1.0, (double) BOX / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * f));
    int th = Math.max(1, (int) Math.round(h * f));
    BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, tw, th, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer"); // the JDK always has one
    }
    return out.toByteArray();
  }
}
