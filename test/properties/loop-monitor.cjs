// Preloaded (node --require) into each service the property suite starts: how long the service's
// own event loop was ever blocked, measured inside it, so that the test process's load is not counted.
// SIGUSR2 prints the figures since the last SIGUSR2 on stderr and starts again.
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
// The longest garbage-collection pause, to tell a collector's stall from the service's own work.
let longestGcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  const figures = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, longestGcMs };
  longestGcMs = 0;
  process.stderr.write(`event-loop-delay ${JSON.stringify(figures)}\n`);
  histogram.reset();
});
