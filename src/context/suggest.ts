import { CONTEXT_LOG_KEYS, FIELD_NAMES } from '../fields/context-fields.js';

const LOG_KEY_TO_FIELD = new Map<string, string>(
  Object.entries(CONTEXT_LOG_KEYS).map(([field, logKey]) => [logKey, field]),
);

const normalize = (key: string): string => key.toLowerCase().replace(/[_\-\s]/g, '');

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The name among `known` a near-miss key was probably meant to be: another spelling
 * (`SessionID`, `input_tokens`) or a typo within two edits (`sesionId`).
 */
export function suggestName(key: string, known: Iterable<string>): string | undefined {
  if (key.length > 64) return undefined;
  const wanted = normalize(key);
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(wanted, normalize(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The context field a near-miss key was probably meant to be: its log key (`session_id`),
 * another spelling (`SessionID`), or a typo within two edits (`sesionId`).
 */
export function suggestField(key: string): string | undefined {
  return LOG_KEY_TO_FIELD.get(key) ?? suggestName(key, FIELD_NAMES);
}
