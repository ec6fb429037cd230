/**
 * Whether console output is coloured: on a terminal by default, never when NO_COLOR is set (https://no-color.org),
 * always when FORCE_COLOR is set (https://force-color.org: it wins over NO_COLOR), except FORCE_COLOR=0 or false,
 * which Node and chalk read as "no colour".
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
