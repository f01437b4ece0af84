import { type FieldName, SECTION_SEPARATOR } from '../fields/context-fields.js';
import type { ContextSnapshot, ValidatedFields } from './schema.js';

/** Marks an object as a frame of this library, whichever build (ESM or CJS) made it. */
export const FRAME_BRAND = Symbol.for('leanllm-context.frame.v1');

/** The scope fields a frame holds: merged across every enclosing scope, `null` meaning cleared. */
export type ScopeFields = {
  readonly [K in Exclude<FieldName, 'tags'>]?: NonNullable<ValidatedFields[K]> | null;
};

/**
 * The auto-chain state of one correlation scope (a `trace()` or an in-flight LLM call): the
 * last call recorded in it. The only mutable part of the context, owned by the scope.
 */
export interface ChainState {
  readonly correlationId: string | undefined;
  lastRequestId: string | undefined;
}

/**
 * Values derived from a frame, computed on first use, for one generation of the global
 * settings: when the global context or configuration changes, the frame gets a new memo. The
 * layers above keep their own per-frame values on it under a symbol of their own (pino/ its
 * child loggers and log fields), so that they are dropped with it.
 */
export interface FrameMemo {
  readonly generation: number;
  snapshot: ContextSnapshot | undefined;
  [slot: symbol]: unknown;
}

/**
 * The one mutable cell of a scope: the scope's frame now. `assignContext` puts a new frame in
 * it; every frame of the scope reads the latest through it, nested scopes have cells of their own.
 */
export interface ScopeCell {
  current: Frame;
}

/**
 * One immutable set of context. A nested scope makes a new frame from its parent; nothing in
 * a frame changes after creation except its memo (a cache), its chain (owned by the scope) and
 * what its scope cell points at (`assignContext`).
 */
export interface Frame {
  readonly [FRAME_BRAND]: true;
  readonly fields: ScopeFields;
  /** Merged scope tags; a `null` value removes an inherited tag. */
  readonly tags: Readonly<Record<string, string | null>> | undefined;
  /** True when a scope cleared all tags (`tags: null`), so global tags no longer apply. */
  readonly tagsCleared: boolean;
  readonly chain: ChainState | undefined;
  /**
   * The event id of the LLM call in flight around this scope, if any: a `trackLlmCall` here,
   * or the caller's call in another process when this scope was imported from it.
   */
  readonly callId: string | undefined;
  /** The only property ever replaced: a new memo for each generation (`freshMemo`). */
  memo: FrameMemo;
  /** The scope this frame belongs to; `scope.current` is that scope's latest frame. */
  readonly scope: ScopeCell;
}

/** Whether a store value is a frame (and not garbage someone else put in the storage). */
export function isFrame(value: unknown): value is Frame {
  return typeof value === 'object' && value !== null && (value as Frame)[FRAME_BRAND] === true;
}

/** A memo of `generation` with nothing computed yet. */
export const newMemo = (generation: number): FrameMemo => ({ generation, snapshot: undefined });

/** A frame made of `parts`, in `scope` (the cell of a new scope when not given). */
function makeFrame(
  parts: Omit<Frame, typeof FRAME_BRAND | 'memo' | 'scope'>,
  scope?: ScopeCell,
): Frame {
  const frame = { [FRAME_BRAND]: true as const, ...parts, memo: newMemo(-1) } as {
    -readonly [K in keyof Frame]: Frame[K];
  };
  frame.scope = scope ?? { current: frame };
  return frame;
}

/** The frame of "no scope at all": only the global context and configuration apply. */
export function rootFrame(): Frame {
  return makeFrame({
    fields: {},
    tags: undefined,
    tagsCleared: false,
    chain: undefined,
    callId: undefined,
  });
}

function mergeTags(
  inherited: Readonly<Record<string, string | null>> | undefined,
  own: Readonly<Record<string, string | null>>,
): Readonly<Record<string, string | null>> {
  return inherited === undefined ? own : { ...inherited, ...own };
}

/** What a new scope adds to its parent besides fields. */
export interface FrameOptions {
  readonly chain?: ChainState;
  readonly callId?: string;
  /** Append `section` to the parent's section path (scopes) or replace it (the global context). */
  readonly nestSections?: boolean;
  /** The scope the frame belongs to: the parent's for `assignContext`, a new one when absent. */
  readonly scope?: ScopeCell;
}

/**
 * The frame of a nested scope: `fields` over `parent`, innermost winning, tags merged key by
 * key, `null` clearing, `section` appended to the enclosing section path.
 */
export function deriveFrame(
  parent: Frame,
  fields: ValidatedFields,
  options: FrameOptions = {},
): Frame {
  const merged: Record<string, unknown> = { ...parent.fields };
  for (const key in fields) {
    if (key === 'tags') continue;
    const value = fields[key as keyof ValidatedFields];
    if (value === undefined) continue;
    if (
      key === 'section' &&
      options.nestSections !== false &&
      typeof value === 'string' &&
      typeof parent.fields.section === 'string'
    ) {
      merged.section = `${parent.fields.section}${SECTION_SEPARATOR}${value}`;
    } else {
      merged[key] = value;
    }
  }
  const ownTags = fields.tags;
  return makeFrame(
    {
      fields: merged as ScopeFields,
      tags:
        ownTags === null
          ? undefined
          : ownTags === undefined
            ? parent.tags
            : mergeTags(parent.tags, ownTags),
      tagsCleared: ownTags === null || parent.tagsCleared,
      chain: options.chain ?? parent.chain,
      callId: options.callId ?? parent.callId,
    },
    options.scope,
  );
}
