/** Exit codes of the `workbench` CLI (stable contract, documented in README). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** `workbench dox …` only: the DoX server could not be reached. */
  unreachable: 3,
  /** Ctrl-C cancelled the job: what finished is printed (and stored), and the exit says it was cut short. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Throw from a command to end the CLI with a plain-words message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
    /** The API error's code when this came from an API call (e.g. 'conflict'), for commands that name their option. */
    readonly apiCode?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}
