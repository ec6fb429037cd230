/** Entry point of the GitHub Action (bundled to dist/action/index.js by scripts/build-action.mjs). */
import { run } from './run.js';

await run();
