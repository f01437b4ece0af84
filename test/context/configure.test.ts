import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  configure,
  getCurrentContext,
  resetConfiguration,
} from '../../src/index.js';

const ENV_KEYS = [
  'LEANLLM_ENVIRONMENT',
  'LEANLLM_AUTO_CHAIN',
  'LEANLLM_SAMPLE_RATE',
  'LEANLLM_PROPAGATION',
];

afterEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
  resetConfiguration();
});

describe('configure', () => {
  it('has built-in defaults', () => {
    expect(resetConfiguration()).toEqual({
      environment: undefined,
      autoChain: true,
      sampleRate: 1,
      propagation: true,
      propagate: [
        'sessionId',
        'requestId',
        'modelId',
        'samplingIteration',
        'feature',
        'environment',
        'correlationId',
        'parentRequestId',
        'section',
      ],
      pricing: undefined,
      captureContent: false,
      logKeys: 'snake_case',
    });
  });

  it('merges options over the settings in effect and returns them frozen', () => {
    configure({ sampleRate: 0.5 });
    const settings = configure({ autoChain: false, propagate: ['sessionId'] });
    expect(settings).toMatchObject({ sampleRate: 0.5, autoChain: false, propagate: ['sessionId'] });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.propagate)).toBe(true);
  });

  it('gives the environment field its lowest-precedence default', () => {
    configure({ environment: 'staging' });
    expect(getCurrentContext()).toEqual({ environment: 'staging' });
  });

  it('reads its defaults from the LEANLLM_ variables', () => {
    Object.assign(process.env, {
      LEANLLM_ENVIRONMENT: 'ci',
      LEANLLM_AUTO_CHAIN: 'false',
      LEANLLM_SAMPLE_RATE: '0.25',
      LEANLLM_PROPAGATION: 'false',
    });
    expect(resetConfiguration()).toMatchObject({
      environment: 'ci',
      autoChain: false,
      sampleRate: 0.25,
      propagation: false,
    });
  });

  it('ignores an invalid variable with a warning instead of failing the application', () => {
    const script = `
      process.on('warning', (w) => console.log('warning', w.code, w.message));
      const { configure } = await import(${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))});
      console.log(JSON.stringify(configure({})));
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          LEANLLM_SAMPLE_RATE: 'lots',
          LEANLLM_AUTO_CHAIN: 'maybe',
          LEANLLM_ENVIRONMENT: 'prod',
        },
        encoding: 'utf8',
      },
    );
    expect(output).toContain(
      'warning LEANLLM_INVALID_ENV leanllm-context: LEANLLM_SAMPLE_RATE="lots" is not a number from 0 to 1; it is ignored',
    );
    expect(output).toContain(
      'warning LEANLLM_INVALID_ENV leanllm-context: LEANLLM_AUTO_CHAIN="maybe" is not a boolean (true/false); it is ignored',
    );
    expect(output).toContain(
      '{"environment":"prod","autoChain":true,"sampleRate":1,"propagation":true,',
    );
  });

  it.each([
    [{ sampleRate: 2 }, 'configure: sampleRate must be a number from 0 to 1, got number 2'],
    [{ autoChain: 'yes' }, 'configure: autoChain must be a boolean, got string "yes"'],
    [{ environment: '' }, 'configure: environment must not be empty'],
    [
      { propagate: ['session_id'] },
      'configure: propagate.0 must list context field names (sessionId, requestId, modelId, samplingIteration, userId, feature, environment, correlationId, parentRequestId, section, tags), got string "session_id"',
    ],
    [
      { sampleRatio: 1 },
      'configure: options has an unknown key "sampleRatio": did you mean "sampleRate"?',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => configure(options as never)).toThrow(ContextValidationError);
    expect(() => configure(options as never)).toThrow(message);
  });
});
