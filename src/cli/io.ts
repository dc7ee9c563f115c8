// What a CLI command gets from the process, so tests can run commands in-process with captured output.
export interface CliIo {
  stdout(text: string): void;
  /** Standard output taking bytes as they are: given when nothing is done to the text on the way (not a terminal). */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard output is a terminal: control characters in what is printed are shown as escapes, not sent. */
  stdoutIsTerminal?: boolean;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export class UsageError extends Error {}
