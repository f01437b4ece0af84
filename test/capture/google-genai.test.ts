import { GoogleGenAI } from '@google/genai';
import { wrapGoogleGenAISuite } from './google-genai-suite.js';

wrapGoogleGenAISuite('@google/genai 2', async () => GoogleGenAI);
