import { type ContextSnapshot, ContextSnapshotSchema } from '../context/schema.js';
import {
  CONTEXT_LOG_KEYS,
  FIELD_NAMES,
  type FieldName,
  MAX_TAGS,
} from '../fields/context-fields.js';
import { setOwnProperty } from '../util/own-property.js';
import type { OnDropped } from './dropped.js';
import { type HeaderRead, HTTP_TOKEN, trimWhitespace } from './headers.js';

/** The W3C Baggage header. */
export const BAGGAGE_HEADER = 'baggage';
/** Every baggage key this library writes or reads starts with it: `leanllm.session_id`. */
export const BAGGAGE_KEY_PREFIX = 'leanllm.';
/** Tags travel one member each: `leanllm.tags.<tag key, percent-encoded>`. */
const TAG_KEY_PREFIX = `${BAGGAGE_KEY_PREFIX}tags.`;
/** Most list members a baggage header may carry (W3C Baggage limits). */
export const MAX_BAGGAGE_MEMBERS = 64;
/** Longest baggage header, in bytes (W3C Baggage limits). */
export const MAX_BAGGAGE_BYTES = 8192;

// A baggage key is an HTTP token; a value is baggage-octets (printable US-ASCII but for
// DQUOTE, comma, semicolon and backslash), per the W3C Baggage grammar.
const BAGGAGE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,15})$/;

type ScalarField = Exclude<FieldName, 'tags'>;

/** A field's baggage key: `leanllm.` and its log key (`leanllm.session_id`, `leanllm.section_path`). */
const KEY_OF_FIELD = new Map<ScalarField, string>(
  FIELD_NAMES.filter((name): name is ScalarField => name !== 'tags').map((name) => [
    name,
    `${BAGGAGE_KEY_PREFIX}${CONTEXT_LOG_KEYS[name]}`,
  ]),
);
const FIELD_OF_KEY = new Map<string, ScalarField>(
  [...KEY_OF_FIELD].map(([field, key]) => [key, field]),
);

/** What a baggage header already holds, before our members are added to it. */
export interface BaggageInUse {
  readonly members: number;
  readonly bytes: number;
}

/**
 * The baggage list members for the allowed fields of `context`, fields in log-line order then
 * tags, values percent-encoded. A member that would take the header (with what is `inUse`) over
 * 64 members or 8192 bytes is left out and reported.
 */
export function encodeBaggageMembers(
  context: ContextSnapshot,
  allowed: ReadonlySet<FieldName>,
  inUse: BaggageInUse,
  report: OnDropped,
): string[] {
  const members: string[] = [];
  let count = inUse.members;
  let bytes = inUse.bytes;
  const add = (key: string, value: string): void => {
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      report(key, 'not encodable: the value holds a lone surrogate');
      return;
    }
    const member = `${key}=${encoded}`;
    const size = member.length + (bytes === 0 ? 0 : 1);
    if (count >= MAX_BAGGAGE_MEMBERS) report(key, `over the ${MAX_BAGGAGE_MEMBERS}-member limit`);
    else if (bytes + size > MAX_BAGGAGE_BYTES)
      report(key, `over the ${MAX_BAGGAGE_BYTES}-byte limit`);
    else {
      members.push(member);
      count++;
      bytes += size;
    }
  };
  for (const [field, key] of KEY_OF_FIELD) {
    const value = context[field];
    if (value !== undefined && allowed.has(field)) add(key, String(value));
  }
  if (context.tags !== undefined && allowed.has('tags')) {
    for (const [tag, value] of Object.entries(context.tags)) {
      add(`${TAG_KEY_PREFIX}${encodeURIComponent(tag)}`, value);
    }
  }
  return members;
}

/** The key of one raw list member (`key=value;property`), trimmed, or `undefined` when it has none. */
export function memberKey(member: string): string | undefined {
  const end = member.search(/[=;]/);
  const key = trimWhitespace(end === -1 ? member : member.slice(0, end));
  return key === '' ? undefined : key;
}

/** The non-empty raw list members of a baggage header value, trimmed. */
export function splitMembers(text: string): string[] {
  const members: string[] = [];
  for (const raw of text.split(',')) {
    const member = trimWhitespace(raw);
    if (member !== '') members.push(member);
  }
  return members;
}

/** Percent-decodes, or `undefined` for a malformed escape. */
function percentDecode(text: string): string | undefined {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The first issue's message of a failed schema check. */
function issueOf(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'is invalid';
}

/** One of our members (`leanllm.*`), read: the key as sent, the field it sets, the tag it names. */
interface OurMember {
  readonly key: string;
  readonly field: FieldName;
  /** The tag name (percent-decoded) of a `leanllm.tags.<name>` member. */
  readonly tag: string | undefined;
  /** The value, percent-decoded, not yet checked against the context schema. */
  readonly value: string;
}

/** A member left out, and why (for `onDropped`). */
interface DroppedMember {
  readonly key: string;
  readonly problem: string;
}

/**
 * Reads one trimmed, non-empty list member (`key=value;property`), as `parsePairKeyValue` does
 * in `@opentelemetry/core`: `undefined` for someone else's member, the reason for a malformed
 * or unknown one of ours. Properties are ignored.
 */
function parseMember(member: string): OurMember | DroppedMember | undefined {
  const semicolon = member.indexOf(';');
  const pair = semicolon === -1 ? member : member.slice(0, semicolon);
  const equals = pair.indexOf('=');
  const key = trimWhitespace(equals === -1 ? pair : pair.slice(0, equals));
  if (!key.startsWith(BAGGAGE_KEY_PREFIX)) return undefined;
  if (equals === -1 || !HTTP_TOKEN.test(key)) return { key, problem: 'malformed list member' };
  const rawValue = trimWhitespace(pair.slice(equals + 1));
  const value = BAGGAGE_VALUE.test(rawValue) ? percentDecode(rawValue) : undefined;
  if (value === undefined) {
    return { key, problem: 'malformed value: not a percent-encoded baggage value' };
  }
  const tag = key.startsWith(TAG_KEY_PREFIX)
    ? percentDecode(key.slice(TAG_KEY_PREFIX.length))
    : undefined;
  const field = tag === undefined ? FIELD_OF_KEY.get(key) : 'tags';
  if (field === undefined) return { key, problem: 'unknown field' };
  return { key, field, tag, value };
}

/** A member's value checked against the context schema: the value to keep, or the reason not to. */
function checkValue(member: OurMember): { readonly value: unknown } | DroppedMember {
  const { key, field, tag, value } = member;
  let result: { success: boolean; data?: unknown; error?: { issues: { message: string }[] } };
  if (tag !== undefined) {
    // A null-prototype object: a tag named `__proto__` is an ordinary own key here.
    const candidate: Record<string, string> = Object.create(null);
    candidate[tag] = value;
    result = ContextSnapshotSchema.shape.tags.safeParse(candidate);
    if (result.success) return { value };
  } else if (field === 'samplingIteration') {
    result = ContextSnapshotSchema.shape.samplingIteration.safeParse(
      INTEGER.test(value) ? Number(value) : value,
    );
  } else {
    result = ContextSnapshotSchema.shape[field as Exclude<FieldName, 'tags'>].safeParse(value);
  }
  return result.success
    ? { value: result.data }
    : { key, problem: `invalid value: ${issueOf(result)}` };
}

/**
 * Reads our members (`leanllm.*`) of a baggage header into validated context fields: the loop
 * and its limits, as `parseBaggageHeaderString` in `@opentelemetry/core` (one member is
 * `parseMember`'s). Members of others count towards the limits and are otherwise ignored. What
 * is malformed, unknown, not allowed, invalid for the context schema, a repeat of a key already
 * read, or past 64 members or 8192 bytes is left out and reported.
 */
export function decodeBaggage(
  header: HeaderRead,
  allowed: ReadonlySet<FieldName>,
  report: OnDropped,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const tags: Record<string, unknown> = {};
  let tagCount = 0;
  const seen = new Set<string>();
  const text = header.values.join(',');
  let members = 0;
  let bytes = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(',', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end);
    bytes += Buffer.byteLength(raw) + (start === 0 ? 0 : 1);
    start = end + 1;
    if (bytes > MAX_BAGGAGE_BYTES || (end === text.length && header.overflow)) {
      report(BAGGAGE_HEADER, `over the ${MAX_BAGGAGE_BYTES}-byte limit: the rest is not read`);
      break;
    }
    const member = trimWhitespace(raw);
    if (member === '') continue;
    if (++members > MAX_BAGGAGE_MEMBERS) {
      report(BAGGAGE_HEADER, `over the ${MAX_BAGGAGE_MEMBERS}-member limit: the rest is not read`);
      break;
    }
    const parsed = parseMember(member);
    if (parsed === undefined) continue; // someone else's member
    if ('problem' in parsed) {
      report(parsed.key, parsed.problem);
      continue;
    }
    const { key, field, tag } = parsed;
    const name = tag === undefined ? key : `${TAG_KEY_PREFIX}${tag}`;
    if (seen.has(name)) {
      report(key, 'duplicate key: the first one is kept');
      continue;
    }
    seen.add(name);
    if (!allowed.has(field)) {
      report(key, 'not in the propagate allow-list');
      continue;
    }
    if (tag !== undefined && tagCount === MAX_TAGS) {
      report(key, `over the ${MAX_TAGS}-tag limit`);
      continue;
    }
    const checked = checkValue(parsed);
    if ('problem' in checked) {
      report(checked.key, checked.problem);
      continue;
    }
    if (tag === undefined) fields[field] = checked.value;
    else {
      setOwnProperty(tags, tag, checked.value);
      tagCount++;
    }
  }
  if (tagCount > 0) fields.tags = tags;
  return fields;
}
