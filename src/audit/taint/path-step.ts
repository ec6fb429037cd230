import type { FileFacts } from '../facts/types.js';

/** A step of a taint path as the analysis records it and matches carry it: a file, an offset in its text, and what happened there. */
export interface PathStep {
  file: FileFacts;
  offset: number;
  note: string;
}
