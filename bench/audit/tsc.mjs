// Runs `tsc` (the project's TypeScript 5.9) in this process and prints, on exit, its CPU time as one JSON line on
// stderr, so that the benchmark can compare CPU as well as wall time.
import { createRequire } from 'node:module';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`\n${JSON.stringify({ processCpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
});
process.argv = [process.argv[0], 'tsc', ...process.argv.slice(2)];
createRequire(import.meta.url)('../../node_modules/typescript/lib/tsc.js');
