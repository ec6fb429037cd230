// Runs one bench server module in its own process (so server and load generator do not share an event loop):
// prints {"url", "headers"} as one JSON line on stdout once listening, answers "cpu" messages with its CPU time
// (process.cpuUsage, microseconds) over IPC, and closes on SIGTERM.
import { pathToFileURL } from 'node:url';

const module = await import(pathToFileURL(process.argv[2]).href);
const { url, headers = {}, close } = await module.start();
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    // A server may count more (full-pipeline-redis: the commands Redis processed).
    void Promise.resolve(module.counters?.()).then((counters) =>
      process.send({ cpuMicros: user + system, ...counters }),
    );
  }
});
process.stdout.write(`${JSON.stringify({ url, headers })}\n`);
process.once('SIGTERM', () => void Promise.resolve(close()).then(() => process.exit(0)));
