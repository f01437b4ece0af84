// Every model call of an Anthropic client logged, with the context of the scope it was made in:
// docs/integrations/anthropic.md shows the lines this prints. Run it against Anthropic (it reads
// ANTHROPIC_API_KEY, and ANTHROPIC_BASE_URL):
// node examples/integrations/anthropic.mjs

import Anthropic from '@anthropic-ai/sdk';
import { contextMixin, trace, withContext, wrapAnthropic } from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });
const anthropic = wrapAnthropic(new Anthropic(), { logger });

await withContext({ userId: 'u-42', feature: 'weather' }, () =>
  trace(async () => {
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'You are a weather bot.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const message = await stream.finalMessage();
    logger.info({ stop_reason: message.stop_reason }, 'answered');
  }),
);
