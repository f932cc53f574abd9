package ai.honeyhive.langchain4j.quarkus;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output as it is when each trace is printed, not as it was when the application started:
 * whatever {@link System#out} is at that moment gets the text (a test that swaps it, a tool that
 * redirects it). Text goes through as text, so the target stream's own encoding applies.
 */
final class CurrentStandardOutput extends PrintStream {

  CurrentStandardOutput() {
    super(
        new OutputStream() {
          @Override
          public void write(int b) {
            System.out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            System.out.write(b, off, len);
          }

          @Override
          public void flush() {
            System.out.flush();
          }
        },
        true);
  }

  @Override
  public void print(String s) {
    System.out.print(s);
  }

  @Override
  public void println(String s) {
    System.out.println(s);
  }

  @Override
  public void println() {
    System.out.println();
  }

  @Override
  public void flush() {
    System.out.flush();
  }
}
