// Runs one bench server module in its own process (so server and load generator do not share an event loop):
// prints {"url", "headers"} as one JSON line on stdout once listening, and closes on SIGTERM.
import { pathToFileURL } from 'node:url';

const module = await import(pathToFileURL(process.argv[2]).href);
const { url, headers = {}, close } = await module.start();
process.stdout.write(`${JSON.stringify({ url, headers })}\n`);
process.once('SIGTERM', () => void Promise.resolve(close()).then(() => process.exit(0)));
