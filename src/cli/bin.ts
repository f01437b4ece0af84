import { run } from './run.js';

// The leanllm-logs command: wires the process's streams to `run`, nothing more. A closed pipe
// (`leanllm-logs app.log | head`) ends the process quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// --follow subscribes to Ctrl-C to print its totals; after that, stdin may still be open.
let interrupted = false;
const interrupts = (listener: () => void) => {
  const onSigint = () => {
    interrupted = true;
    listener();
  };
  process.on('SIGINT', onSigint);
  return () => {
    process.off('SIGINT', onSigint);
  };
};

run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupts,
}).then(
  (status) => {
    process.exitCode = status;
    if (interrupted) process.exit(status);
  },
  (error: unknown) => {
    process.stderr.write(`leanllm-logs: unexpected error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
