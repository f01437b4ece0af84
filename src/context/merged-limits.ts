import { MAX_SECTION_PATH_LENGTH, MAX_TAGS } from '../fields/context-fields.js';
import { ContextValidationError } from './errors.js';
import type { Frame } from './frame.js';
import type { ValidatedFields } from './schema.js';

/**
 * Checks that the merged context of a new scope stays within the limits of one context (at
 * most 32 tags, counting the global ones it inherits; a `section_path` of at most 1024
 * characters), so whatever a scope holds can be exported and imported again. Throws
 * `ContextValidationError` naming `tags` or `section` at the scope that would overflow. Only
 * what the scope itself sets (`own`) can overflow, so nothing else is counted; `globalTags` is
 * read only when the scope sets tags.
 */
export function checkMergedLimits(
  frame: Frame,
  own: ValidatedFields,
  globalTags: () => Readonly<Record<string, string | null>> | undefined,
): void {
  const { section } = frame.fields;
  if (own.section != null && typeof section === 'string') {
    if (section.length > MAX_SECTION_PATH_LENGTH) {
      throw new ContextValidationError(
        'section',
        `context field "section" would make section_path ${section.length} characters long, over the limit of ${MAX_SECTION_PATH_LENGTH} for a whole context`,
      );
    }
  }
  if (own.tags != null && frame.tags !== undefined) {
    const merged = { ...(frame.tagsCleared ? undefined : globalTags()), ...frame.tags };
    let count = 0;
    for (const key of Object.keys(merged)) if (typeof merged[key] === 'string') count++;
    if (count > MAX_TAGS) {
      throw new ContextValidationError(
        'tags',
        `context field "tags" would make this scope carry ${count} tags with the enclosing ones, over the limit of ${MAX_TAGS} for a whole context`,
      );
    }
  }
}
