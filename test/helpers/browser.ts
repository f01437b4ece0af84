import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import npmChromium from '@sparticuz/chromium';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { systemBinary } from './services.js';

/** Debian's chromium (`apt-get install chromium`), used when the machine has it. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Its flags: no sandbox (tests run as root in a container), nothing in the background. */
const SYSTEM_CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The browser to drive: the system chromium when present (and not hidden by
 * `LEANLLM_IGNORE_SYSTEM_SERVICES=1`), otherwise the chromium inside the `@sparticuz/chromium`
 * devDependency, unpacked from node_modules to the temporary folder (nothing downloaded).
 */
async function browser(): Promise<{ executablePath: string; args: string[] }> {
  const system = systemBinary(SYSTEM_CHROMIUM);
  if (system) return { executablePath: system, args: SYSTEM_CHROMIUM_FLAGS };
  return {
    executablePath: await npmChromium.executablePath(),
    args: npmChromium.args,
  };
}

export interface OpenedPage {
  readonly page: Page;
  /** Every URL the page asked for, the page's own included. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions in the page. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a headless chromium (system or npm, see `browser`) with a fresh profile (no sandbox: tests run as root in a
 * container), recording the requests made and the errors thrown.
 */
export async function openInChromium(url: string): Promise<OpenedPage> {
  const profile = await mkdtemp(join(tmpdir(), 'leanllm-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...(await browser()),
      headless: true,
      viewport: { width: 1400, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    const opened = context;
    return {
      page,
      requests,
      errors,
      async close() {
        await opened.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
