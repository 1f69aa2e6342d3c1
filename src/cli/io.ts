/** Where the CLI writes: results to `stdout`, progress and messages to `stderr`. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bar) . */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

// process.stdout and process.stderr are made on first touch (a stream, and for a pipe the net
// module: ~2 ms); a no-op build that has nothing to say never touches them.
export const processIo = (): CliIo => ({
  stdout: (t) => {
    if (t !== '') process.stdout.write(t);
  },
  stderr: (t) => {
    if (t !== '') process.stderr.write(t);
  },
  get isTTY() {
    return process.stderr.isTTY === true;
  },
  env: process.env,
  cwd: process.cwd(),
});
