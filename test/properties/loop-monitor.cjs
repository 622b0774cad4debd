// Preloaded (node --require) into each service the property suite starts: how long the service's
// own event loop was ever blocked, measured inside it, so that the test process's load is not counted.
// SIGUSR2 prints the figures since the last SIGUSR2 on stderr and starts again.
const { monitorEventLoopDelay } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  const figures = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
  process.stderr.write(`event-loop-delay ${JSON.stringify(figures)}\n`);
  histogram.reset();
});
