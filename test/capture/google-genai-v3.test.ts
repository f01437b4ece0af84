// @google/genai 3 needs Node 22: this file runs in the Node 22 and 24 passes of .ci/run.
import type { GoogleGenAI } from '@google/genai';
import { describe } from 'vitest';
import { wrapGoogleGenAISuite } from './google-genai-suite.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);

describe.runIf(nodeMajor >= 22)('@google/genai 3', () => {
  wrapGoogleGenAISuite('@google/genai 3', async () => {
    const module = await import('google-genai-v3');
    return module.GoogleGenAI as unknown as typeof GoogleGenAI;
  });
});
