import { optionError } from '../context/option-error.js';
import type { CaptureSettings } from './options.js';
import { type AnyFunction, type CapturedMethod, trackedMethod } from './tracked-method.js';

/** Which parts of an SDK client make model calls, and how the SDK's own helpers reach them. */
export interface ResourcePlan {
  /** Methods that make one model call each (`create`, `generateContent`). */
  readonly calls?: Readonly<Record<string, CapturedMethod>>;
  /** Resources below this one (`chat` → `completions`). */
  readonly resources?: Readonly<Record<string, ResourcePlan>>;
  /**
   * Properties through which the SDK's helpers (`stream()`, `parse()`, `runTools()`, chats)
   * reach the client or a resource, as paths from the client (`_client: []`): they read the
   * wrapped one, so every model call a helper makes goes through a tracked method, once.
   */
  readonly links?: Readonly<Record<string, readonly string[]>>;
  /**
   * Methods of the client that return a new client of the same SDK with other request options
   * (`withOptions`): the new client is wrapped as this one is (same plan, logger and defaults).
   */
  readonly copies?: readonly string[];
}

function entry<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: PropertyKey,
): T | undefined {
  return record !== undefined && typeof key === 'string' && Object.hasOwn(record, key)
    ? record[key]
    : undefined;
}

/**
 * `method` of `client` (`withOptions`), returning the new client it makes wrapped by `plan` and
 * `settings`, as the client it was called on.
 */
function copyingMethod(
  method: AnyFunction,
  client: object,
  plan: ResourcePlan,
  settings: CaptureSettings,
): AnyFunction {
  return (...args) => wrapClient(method.apply(client, args) as object, plan, settings);
}

/** The wrapped client, where links lead. */
interface Root {
  proxy: object;
}

function follow(root: Root, path: readonly string[]): unknown {
  let value: unknown = root.proxy;
  for (const key of path) value = (value as Record<string, unknown>)[key];
  return value;
}

/**
 * `target` seen through its plan: tracked methods, wrapped resources and links replace what
 * the plan names (each made once per value, so `client.chat === client.chat`); anything else
 * reads as `target`'s own. Methods of the client itself run on the client (SDK clients keep
 * private state); a resource's other methods run on the wrapped resource, so that the helpers
 * among them reach the tracked methods through `this`.
 */
function wrapResource(
  target: object,
  plan: ResourcePlan,
  settings: CaptureSettings,
  root: Root,
  isRoot: boolean,
): object {
  const made = new Map<PropertyKey, { readonly from: unknown; readonly value: unknown }>();
  return new Proxy(target, {
    get(raw, key) {
      const value: unknown = Reflect.get(raw, key);
      const link = entry(plan.links, key);
      if (link !== undefined) return follow(root, link);
      const known = made.get(key);
      if (known !== undefined && known.from === value) return known.value;
      let wrapped = value;
      const call = entry(plan.calls, key);
      const resource = entry(plan.resources, key);
      const copies = typeof key === 'string' && plan.copies?.includes(key) === true;
      if (call !== undefined && typeof value === 'function') {
        wrapped = trackedMethod(value as AnyFunction, raw, call, settings);
      } else if (resource !== undefined && typeof value === 'object' && value !== null) {
        wrapped = wrapResource(value, resource, settings, root, false);
      } else if (copies && typeof value === 'function') {
        wrapped = copyingMethod(value as AnyFunction, raw, plan, settings);
      } else if (isRoot && typeof value === 'function') {
        wrapped = (value as AnyFunction).bind(raw);
      } else {
        return value;
      }
      made.set(key, { from: value, value: wrapped });
      return wrapped;
    },
  });
}

/** The clients this module returned: wrapping one again would log each call twice. */
const wrappedClients = new WeakSet<object>();

/**
 * `client` with every model call its plan names logged, and nothing else changed: a Proxy of
 * this one instance (the SDK's classes and other clients are untouched), of the same type.
 * A client that is already wrapped is refused (`ContextValidationError`): its calls would be
 * logged twice. The clients its `copies` methods make are wrapped the same way.
 */
export function wrapClient<C extends object>(
  client: C,
  plan: ResourcePlan,
  settings: CaptureSettings,
): C {
  if (wrappedClients.has(client)) {
    throw optionError(
      settings.caller,
      'client',
      'is already wrapped (its calls would be logged twice); wrap the SDK client once',
    );
  }
  const root: Root = { proxy: client };
  root.proxy = wrapResource(client, plan, settings, root, true);
  wrappedClients.add(root.proxy);
  return root.proxy as C;
}
