const issued = new Set<string>();

/**
 * Emits a process warning once per distinct message. The library reports what it had to skip
 * this way instead of throwing into the application.
 */
export function warnOnce(code: string, message: string): void {
  if (issued.has(message)) return;
  issued.add(message);
  process.emitWarning(message, { code });
}
