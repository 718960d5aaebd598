package org.nestsim.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a trace as JSON Lines — the header line, then one canonical line per event — and hashes the
 * event lines as it goes. With no {@link Writer} ({@link #hashOnly}) it writes nothing and only hashes,
 * which is what a deterministic run without {@code --trace} uses to print its hash.
 *
 * <p>Methods are synchronized so that the actors of a parallel run may share one writer; a
 * deterministic run calls it from its one thread. Encoding reuses one builder and one char array, so a
 * write allocates nothing beyond what the {@link Writer} does. I/O failures are thrown as
 * {@link UncheckedIOException}.
 */
public final class TraceWriter implements AutoCloseable {
  private final Writer out;
  private final TraceHeader header;
  private final TraceHash hash = new TraceHash();
  private final StringBuilder line = new StringBuilder(256);
  private char[] chars = new char[256];
  private boolean closed;

  /**
   * Writes {@code header}'s line to {@code out} at once.
   *
   * @param out where to write, or null to only hash (then {@code header} may be null)
   * @param header the run's header
   */
  public TraceWriter(Writer out, TraceHeader header) {
    this.out = out;
    this.header = out == null ? header : Objects.requireNonNull(header, "header");
    if (out != null) {
      try {
        out.write(header.canonical());
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A writer that writes nowhere and only hashes. */
  public static TraceWriter hashOnly(TraceHeader header) {
    return new TraceWriter(null, header);
  }

  /** A writer to {@code file} (UTF-8, buffered, created or truncated); closing it closes the file. */
  public static TraceWriter open(Path file, TraceHeader header) throws IOException {
    return new TraceWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), header);
  }

  /** Writes {@code e}'s canonical line and a newline, and adds the line to the hash. */
  public synchronized void write(TraceEvent e) {
    if (closed) {
      throw new IllegalStateException("trace writer is closed");
    }
    line.setLength(0);
    e.appendTo(line);
    hash.add(line);
    if (out != null) {
      int n = line.length();
      if (chars.length < n + 1) {
        chars = new char[Math.max(n + 1, chars.length * 2)];
      }
      line.getChars(0, n, chars, 0);
      chars[n] = '\n';
      try {
        out.write(chars, 0, n + 1);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  /** The trace hash of the events written so far: {@code "sha256:"} and 64 lowercase hex digits. */
  public synchronized String hash() {
    return hash.value();
  }

  /** The number of events written so far. */
  public synchronized long events() {
    return hash.events();
  }

  /** The header this writer was made with (null only for a hash-only writer made without one). */
  public TraceHeader header() {
    return header;
  }

  /** Flushes the underlying writer, so that a trace is readable up to here if the run dies. */
  public synchronized void flush() {
    if (out != null && !closed) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Closes the underlying writer; the hash stays readable. Closing twice does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
