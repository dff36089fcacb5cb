package io.godwit.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class of the test classpath run in a JVM of its own: the process a crash test kills, or a
 * broker it stops. Such a process lives seconds, so it runs on the client compiler alone ({@code
 * -XX:TieredStopAtLevel=1}), which cut a crash child's life from about 6.5 s to 4.5 s here.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** The command line that runs {@code main} with {@code args} and at most {@code maxHeap}. */
  public static List<String> command(String maxHeap, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@link #command} with its output and errors written to {@code log}. */
  public static Process start(Path log, String maxHeap, Class<?> main, String... args)
      throws IOException {
    return new ProcessBuilder(command(maxHeap, main, args))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
