import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  readonly page: Page;
  /** Every URL the page asked for, the page's own included. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions in the page. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a headless chromium with a fresh profile (no sandbox: tests run as root in a
 * container), recording the requests made and the errors thrown.
 */
export async function openInChromium(url: string): Promise<OpenedPage> {
  const profile = await mkdtemp(join(tmpdir(), 'leanllm-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
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
