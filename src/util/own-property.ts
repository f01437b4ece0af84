/**
 * Sets `target[key] = value` as an ordinary own, enumerable property, even for the key
 * `__proto__`, which plain assignment would turn into a prototype change (a tag, an attribute
 * or a header member may be named anything).
 */
export function setOwnProperty<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
