// Preloaded (node -r) into every app process and thread when BENCH_HEAP_PROFILE=1: V8's sampling
// heap profiler, counting objects the collector has freed as well, so the profile says where a
// booking's allocations come from, not only what is still alive. It samples between the moments
// the benchmark creates the files `start` and `stop` in BENCH_HEAP_PROFILE_DIR, and writes
// heap.<pid>.<thread>.heapprofile there (node bench/heap-summary.mjs reads them).
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Session } = require('node:inspector');
const { threadId } = require('node:worker_threads');

const dir = process.env.BENCH_HEAP_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  // One sample for every 32 KiB allocated, on average: a few thousand a second under load.
  const sampling = { samplingInterval: 32 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
  let state = 'waiting';
  const stop = () => {
    if (state !== 'sampling') return;
    state = 'done';
    // An inspector session of the thread itself answers synchronously.
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(join(dir, `heap.${process.pid}.${threadId}.heapprofile`), JSON.stringify(result.profile));
    });
  };
  const poll = setInterval(() => {
    if (state === 'waiting' && existsSync(join(dir, 'start'))) {
      state = 'sampling';
      session.post('HeapProfiler.enable');
      session.post('HeapProfiler.startSampling', sampling);
    } else if (state === 'sampling' && existsSync(join(dir, 'stop'))) {
      stop();
      clearInterval(poll);
    }
  }, 50);
  poll.unref();
  process.once('exit', stop);
}
