import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { SYSTEM_SERVICES, systemBinary } from './services.js';

/** A Redis server this test started, on a free loopback port, with persistence off. */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `redis-server --port N --save '' --appendonly no` on a free port and resolves once it
 * accepts connections. Guard the test file with `serviceAvailable('redis', ...)` first; this
 * fails with a clear message when the binary is missing anyway.
 */
export async function startRedis(): Promise<RedisServer> {
  const { binary, install } = SYSTEM_SERVICES.redis;
  const server = systemBinary(binary);
  if (!server) {
    throw new Error(`${binary} is missing: this test starts its own Redis server ("${install}").`);
  }
  const port = await freePort();
  const child = spawn(
    server,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('redis-server did not start in 10 s')), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}`)));
  });
  child.removeAllListeners('exit');
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
