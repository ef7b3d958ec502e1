// Stands in for app-thread.js in threaded-app.spec.ts: it answers the launcher's requests for
// apps that do nothing, listens on the port its environment gives each app, and fails on demand:
// the app "broken" cannot be created, and the app "crashing" ends its thread when told to listen.
// The app "limits" gives its thread's young generation limit (MB) as its port. The app "refusing"
// publishes a dead letter when created, as a consumer that refused a message does.
const { parentPort, resourceLimits, workerData } = require('node:worker_threads');

const running = new Set();

const deadLetter = {
  topic: 'movie.booking.v1.DLT',
  key: 'booking-1',
  value: JSON.stringify({ reason: 'message is not JSON', topic: 'movie.booking.v1', consumer: 'ticket', original: '{"id": "not-even-json"' }),
  headers: { 'dead-letter-reason': 'message is not JSON', 'dead-letter-consumer': 'ticket', 'original-topic': 'movie.booking.v1' },
};

parentPort.on('message', ({ app, command }) => {
  if (app === 'refusing' && command === 'create') workerData.bus.postMessage([deadLetter]);
  if (app === 'broken' && command === 'create') {
    parentPort.postMessage({ app, failed: command, error: 'cannot open its database' });
    return;
  }
  if (app === 'crashing' && command === 'listen') {
    setImmediate(() => {
      throw new Error('out of memory, say');
    });
    return;
  }
  if (command === 'create') {
    running.add(app);
    const port = app === 'limits' ? resourceLimits.maxYoungGenerationSizeMb : Number(process.env[`${app.toUpperCase()}_PORT`]);
    parentPort.postMessage({ app, created: { host: '127.0.0.1', port } });
    return;
  }
  if (command === 'close') running.delete(app);
  parentPort.postMessage({ app, done: command });
  if (running.size === 0 && command === 'close') {
    workerData.bus.close();
    parentPort.close();
  }
});
