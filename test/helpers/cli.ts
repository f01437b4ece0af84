import { run } from '../../src/cli/run.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliCall {
  /** What stdin delivers, chunk by chunk (strings or bytes). */
  readonly stdin?: readonly (string | Uint8Array)[];
  readonly stdinIsTTY?: boolean;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
  readonly now?: () => number;
}

/** Runs `leanllm-logs` in-process with in-memory streams. */
export async function runCli(argv: string[], call: CliCall = {}): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const chunks = call.stdin ?? [];
  const stdin = Object.assign(
    (async function* () {
      for (const chunk of chunks) yield chunk;
    })(),
    { isTTY: call.stdinIsTTY },
  );
  const status = await run(argv, {
    stdin,
    stdout: { isTTY: call.stdoutIsTTY, write: (text: string) => stdout.push(text) > 0 },
    stderr: { isTTY: call.stderrIsTTY, write: (text: string) => stderr.push(text) > 0 },
    env: call.env ?? {},
    ...(call.now && { now: call.now }),
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}
