import OpenAI from 'openai';
import { wrapOpenAISuite } from './openai-suite.js';

wrapOpenAISuite('openai 6', async () => OpenAI);
