// Preloaded (node --require) into each service the property suite starts: how long the service's
// own event loop was ever blocked, measured inside it, so that the test process's load is not counted.
// SIGUSR2 prints the figures since the last SIGUSR2 on stderr and starts again.
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
// The longest garbage-collection pause, to tell a collector's stall from the service's own work.
let longestGcMs = 0;
let longestGcKind = '';
const GC_KINDS = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak-callbacks' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.duration <= longestGcMs) continue;
    longestGcMs = entry.duration;
    longestGcKind = GC_KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
  }
}).observe({ entryTypes: ['gc'] });
// The most CPU the main thread spent between two ticks 10 ms apart: a stall of the service's own making,
// where maxMs also counts the time a loaded machine left the process waiting for a core.
const cpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};
let lastCpuMs = cpuMs();
let longestBusyMs = 0;
setInterval(() => {
  const now = cpuMs();
  longestBusyMs = Math.max(longestBusyMs, now - lastCpuMs);
  lastCpuMs = now;
}, 10).unref();
process.on('SIGUSR2', () => {
  const figures = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, longestBusyMs, longestGcMs, longestGcKind };
  longestGcMs = 0;
  longestGcKind = '';
  longestBusyMs = 0;
  process.stderr.write(`event-loop-delay ${JSON.stringify(figures)}\n`);
  histogram.reset();
});
