// Every model call of an OpenAI client logged, with the context of the scope it was made in:
// docs/integrations/openai.md shows the lines this prints. Run it against OpenAI (it reads
// OPENAI_API_KEY, and OPENAI_BASE_URL for a compatible server):
// node examples/integrations/openai.mjs

import { contextMixin, trace, withContext, wrapOpenAI } from 'leanllm-context';
import OpenAI from 'openai';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });
const openai = wrapOpenAI(new OpenAI(), { logger, streamUsage: true });

await withContext({ userId: 'u-42', feature: 'support-chat' }, () =>
  trace(async () => {
    const reply = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Where is my order A-1042?' }],
    });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `Shorter: ${reply.choices[0].message.content}` }],
      stream: true,
    });
    let short = '';
    for await (const chunk of stream) short += chunk.choices[0]?.delta.content ?? '';
    logger.info({ short }, 'answered');
  }),
);
