// Stands in for app-thread.js in threaded-app.spec.ts: it answers the launcher's requests for
// apps that do nothing, listens on the port its environment gives each app, and fails on demand:
// the app "broken" cannot be created, and the app "crashing" ends its thread when told to listen.
// The app "limits" gives its thread's young generation limit (MB) as its port.
const { parentPort, resourceLimits, workerData } = require('node:worker_threads');

const running = new Set();

parentPort.on('message', ({ app, command }) => {
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
