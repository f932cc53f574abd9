package ai.honeyhive.langchain4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Collects java.util.logging records from the root logger while open. */
final class LogCapture extends Handler implements AutoCloseable {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");

  static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.setLevel(Level.ALL);
    capture.root.addHandler(capture);
    return capture;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  List<LogRecord> records() {
    return records;
  }

  List<LogRecord> atLeast(Level level) {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= level.intValue())
        .collect(Collectors.toList());
  }

  /** Every message, parameter and thrown text, for "the key never appears" checks. */
  String allText() {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(r.getMessage()).append('\n');
      if (r.getParameters() != null) {
        for (Object p : r.getParameters()) {
          sb.append(p).append('\n');
        }
      }
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
        sb.append(t).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
