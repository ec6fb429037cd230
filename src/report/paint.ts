/** ANSI styles for console output, or plain text when colour is off (NO_COLOR, not a terminal, ...). */
export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
  gray(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

/** Styles that colour when `colour` is true and return the text unchanged otherwise. */
export function paint(colour: boolean): Paint {
  const style =
    (open: number, close: number) =>
    (text: string): string =>
      colour && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    red: style(31, 39),
    yellow: style(33, 39),
    green: style(32, 39),
    cyan: style(36, 39),
    magenta: style(35, 39),
    gray: style(90, 39),
    bold: style(1, 22),
    underline: style(4, 24),
  };
}
