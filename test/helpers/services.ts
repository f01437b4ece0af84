import { existsSync } from 'node:fs';

/**
 * Programs a test needs from the machine itself, which no npm package ships. Each is used
 * when present; when missing, the tests that need it are skipped with one line saying how to
 * run them, or fail under `LEANLLM_REQUIRE_SERVICES=1` (what `.ci/run` sets, so CI never
 * skips silently).
 *
 * `LEANLLM_IGNORE_SYSTEM_SERVICES=1` makes the helpers act as on a fresh machine with only
 * Node: the system binaries below (and the system Chromium, see browser.ts) count as missing.
 */
export const SYSTEM_SERVICES = {
  redis: { binary: '/usr/bin/redis-server', install: 'apt-get install redis-server' },
} as const;

export type SystemService = keyof typeof SYSTEM_SERVICES;

/** True when `LEANLLM_IGNORE_SYSTEM_SERVICES=1` hides the machine's own binaries. */
export const ignoreSystemBinaries = process.env.LEANLLM_IGNORE_SYSTEM_SERVICES === '1';

/** The path of a system binary, or undefined when it is missing or hidden. */
export function systemBinary(path: string): string | undefined {
  return !ignoreSystemBinaries && existsSync(path) ? path : undefined;
}

/**
 * Whether the tests described by `what` can run: true when `service` is on this machine.
 * When it is missing, prints one line (what is skipped, how to run it) and returns false,
 * or throws under `LEANLLM_REQUIRE_SERVICES=1` so the test file fails.
 *
 * @example
 * const hasRedis = serviceAvailable('redis', 'test/propagation/bullmq.test.ts');
 * describe.runIf(hasRedis)('BullMQ with a real Redis server', () => { ... });
 */
export function serviceAvailable(service: SystemService, what: string): boolean {
  const { binary, install } = SYSTEM_SERVICES[service];
  if (systemBinary(binary)) return true;
  const missing = ignoreSystemBinaries
    ? `${binary} is hidden by LEANLLM_IGNORE_SYSTEM_SERVICES=1`
    : `${binary} is missing`;
  if (process.env.LEANLLM_REQUIRE_SERVICES === '1') {
    throw new Error(
      `${missing} and LEANLLM_REQUIRE_SERVICES=1 forbids skipping ${what}: "${install}".`,
    );
  }
  process.stderr.write(`SKIPPED ${what}: ${missing}; run it with "${install}".\n`);
  return false;
}
