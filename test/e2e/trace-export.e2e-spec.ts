import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Platform } from '../support/platform';

/** An OTLP/HTTP collector that keeps the name of every span it is sent (JSON, as the apps send it). */
class Collector {
  readonly spanNames: string[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) this.spanNames.push(...scope.spans.map((span) => span.name));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface ExportRequest {
  resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[];
}

/**
 * An app sends its spans every 5 s; one stopped between two sends must still send the rest
 * before it exits, or a rolling update loses the traces of every pod's last requests.
 */
describe('trace export when an app stops', () => {
  const collector = new Collector();
  let platform: Platform;

  beforeAll(async () => {
    const endpoint = await collector.start();
    platform = new Platform({
      suite: 'trace-export', mode: 'distributed', basePort: 18600, database: 'sqlite', messaging: 'memory',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    });
    await platform.resetDatabases();
    await platform.start(['payment']);
  });
  afterAll(async () => {
    await platform?.stopAll();
    await collector.stop();
  });

  it('sends the spans of its last requests as it shuts down on SIGTERM', async () => {
    expect((await fetch(`${platform.url('payment')}/internal/faults`)).status).toBe(200);

    await platform.stop('payment');

    expect(collector.spanNames).toContain('GET /internal/faults');
  });
});
