package kafka.tools;

import java.io.PrintStream;

/** Test stand-in for the real storage tool: formatting always succeeds. */
public final class StorageTool {

    private StorageTool() {}

    public static int execute(String[] args, PrintStream out) {
        out.println("stand-in storage tool: pretending to format");
        return 0;
    }
}
