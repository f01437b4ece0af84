/** The context fields of a call's line that nodes carry besides `section` (their order in a node). */
export const LINE_CONTEXT_FIELDS = [
  'sessionId',
  'userId',
  'feature',
  'environment',
  'samplingIteration',
  'tags',
] as const;
