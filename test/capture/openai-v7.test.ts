// openai 7 needs Node 22: this file runs in the Node 22 and 24 passes of .ci/run.
import type OpenAI from 'openai';
import { describe } from 'vitest';
import { wrapOpenAISuite } from './openai-suite.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);

describe.runIf(nodeMajor >= 22)('openai 7', () => {
  wrapOpenAISuite('openai 7', async () => {
    const module = await import('openai-v7');
    return module.default as unknown as typeof OpenAI;
  });
});
