/**
 * The number, as V8 stores a small integer when it is one. A number computed from doubles (read
 * from a `Float64Array`, or a difference of two) stays a double to V8 even when it is whole, and
 * an object field holding a double boxes it: 16 bytes more per field and object. `-0` stays `-0`.
 *
 * @example
 * ```ts
 * const node = { latencyMs: asSmallInteger(times[i] - times[j]) }; // no box when whole
 * ```
 */
export const asSmallInteger = (value: number): number =>
  (value | 0) === value && (value !== 0 || 1 / value > 0) ? value | 0 : value;
