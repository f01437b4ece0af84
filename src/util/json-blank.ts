/** Whether a character code (or a byte) is one of JSON's blanks: space, tab, CR, LF. */
export const isJsonBlank = (code: number | undefined): boolean =>
  code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
