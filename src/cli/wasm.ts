// The CLI's WebAssembly modules (wasm/): each compiled once per thread from its bytes, and
// instantiated for each user, with a memory grown as its user needs.

const PAGE_BYTES = 65536;

/** The modules this thread compiled, by their base64 bytes. */
const compiled = new Map<string, WebAssembly.Module>();

/**
 * A new instance of the module whose bytes are `base64` (compiled the first time), its exports
 * as `Exports` says they are.
 *
 * @example
 * ```ts
 * const exports = instantiate<SplitExports>(LINE_SPLIT_WASM);
 * ```
 */
export function instantiate<Exports>(base64: string): Exports {
  let module = compiled.get(base64);
  if (module === undefined) {
    module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  return new WebAssembly.Instance(module).exports as Exports;
}

/**
 * Grows `memory` to hold at least `bytes` bytes (whole pages); its old views are then detached.
 *
 * @example
 * ```ts
 * growTo(exports.memory, WINDOW + WINDOW_BYTES);
 * ```
 */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const size = memory.buffer.byteLength;
  if (bytes > size) memory.grow(Math.ceil((bytes - size) / PAGE_BYTES));
}
