package io.taskflow4j.cli;

/** The exit codes of the {@code taskflow} command. Constants only, so thread-safe. */
public final class ExitCodes {

  /** The command did what was asked; a flow ran to success. */
  public static final int OK = 0;

  /** The flow failed and everything it had done was reverted. */
  public static final int FLOW_REVERTED = 1;

  /** Bad input: unknown options, bad values, or a flow file that is invalid or cannot be read. */
  public static final int BAD_INPUT = 2;

  /** The flow failed and at least one revert failed too: something may be left half-done. */
  public static final int REVERT_FAILED = 3;

  /** An unexpected internal error. */
  public static final int INTERNAL_ERROR = 4;

  /**
   * Interrupted by Ctrl-C (SIGINT), 128 + 2 as shells report a process a signal ended: the flow
   * was suspended (recorded) or reverted (not recorded).
   */
  public static final int INTERRUPTED = 130;

  /** Stopped by SIGTERM, 128 + 15: as for {@link #INTERRUPTED}. */
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}
