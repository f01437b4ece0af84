import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import pretty from 'pino-pretty';
import { describe, expect, it, onTestFinished } from 'vitest';
import { contextLogger, contextMixin, trace, withContext } from '../../src/index.js';

describe('real pino destinations', () => {
  it('a pino.transport (worker thread, file target) receives the context on every line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leanllm-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'app.log');
    const transport = pino.transport({ target: 'pino/file', options: { destination: file } });
    const viaMixin = pino({ mixin: contextMixin(), base: undefined }, transport);
    const viaLogger = contextLogger(pino({ base: undefined }, transport));
    await trace({ correlationId: 'c-transport' }, () =>
      withContext({ sessionId: 's1' }, async () => {
        viaMixin.info('from the mixin');
        await new Promise((resolve) => setTimeout(resolve, 1));
        viaLogger.info('from contextLogger');
      }),
    );
    const closed = once(transport, 'close');
    transport.end();
    await closed;
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map(({ time: _time, ...rest }) => rest)).toEqual([
      { level: 30, session_id: 's1', correlation_id: 'c-transport', msg: 'from the mixin' },
      { level: 30, session_id: 's1', correlation_id: 'c-transport', msg: 'from contextLogger' },
    ]);
  });

  it('pino-pretty prints the context fields', async () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += chunk;
        done();
      },
    });
    const stream = pretty({ colorize: false, sync: true, destination });
    const logger = pino({ mixin: contextMixin(), base: undefined, timestamp: false }, stream);
    withContext({ sessionId: 's1', feature: 'search', tags: { tier: 'pro' } }, () =>
      logger.info('pretty'),
    );
    expect(output).toBe(
      'INFO: pretty\n    session_id: "s1"\n    feature: "search"\n    tags: {\n      "tier": "pro"\n    }\n',
    );
  });
});
