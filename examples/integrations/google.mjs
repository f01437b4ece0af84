// Every model call of a Google Gen AI client logged, with the context of the scope it was made
// in: docs/integrations/google.md shows the lines this prints. Run it against the Gemini API (it
// reads GEMINI_API_KEY, and GOOGLE_GEMINI_BASE_URL):
// node examples/integrations/google.mjs

import { GoogleGenAI } from '@google/genai';
import { contextMixin, trace, withContext, wrapGoogleGenAI } from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });
const ai = wrapGoogleGenAI(new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY }), { logger });

await withContext({ userId: 'u-42', feature: 'explain' }, () =>
  trace(async () => {
    const response = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Why is the sky blue? One sentence.',
    });
    const stream = await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: `Now for a child: ${response.text}`,
    });
    let simple = '';
    for await (const chunk of stream) simple += chunk.text ?? '';
    logger.info({ simple }, 'answered');
  }),
);
