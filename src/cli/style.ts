/** Text styles for the terminal: ANSI colours, or none. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

const same = (text: string) => text;
const PLAIN: Style = { bold: same, dim: same, red: same, yellow: same, cyan: same };

/**
 * Colour on a terminal only, and never when `NO_COLOR` is set to anything but an empty string
 * (https://no-color.org) or `TERM` is `dumb`.
 */
export function styleFor(
  output: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Style {
  const wanted = output.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return wanted ? COLOURED : PLAIN;
}
