/** Runs a script's `main(argv)` in this process, capturing what it writes and the exit status it returns. */
export function runCli(main: (argv: string[]) => number, argv: string[]): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    return { status: main(argv), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
