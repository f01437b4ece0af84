/**
 * A thrown value as text for a warning or an error message: its message, its string form, and
 * never a new exception (`String()` of a null-prototype object throws, an `Error` may have a
 * `message` getter that throws).
 */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return '(a value that cannot be printed)';
  }
}

const issued = new Set<string>();

/** Most distinct warnings one process emits: messages that vary must not grow without bound. */
const MAX_WARNINGS = 100;

/**
 * Emits a process warning once per distinct message (at most 100 per process). The library
 * reports what it had to skip this way instead of throwing into the application.
 */
export function warnOnce(code: string, message: string): void {
  if (issued.has(message) || issued.size >= MAX_WARNINGS) return;
  issued.add(message);
  process.emitWarning(message, { code });
}
