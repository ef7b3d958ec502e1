import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApi } from './merge-openapi';

const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}, description = ''): OpenAPIObject =>
  ({ openapi: '3.0.0', info: { title: 't', version: '1', description }, paths, components: { schemas } }) as OpenAPIObject;
const operation = (ref?: string) => ({ get: { responses: { 200: { description: 'ok', ...(ref ? { content: { 'application/json': { schema: { $ref: ref } } } } : {}) } } } });

describe('mergeOpenApi', () => {
  const gateway = doc({ '/health/live': operation() }, {}, 'The whole API.');

  it("keeps the gateway's paths and adds each service's routed paths", () => {
    const merged = mergeOpenApi(gateway, [
      { service: 'book', document: doc({ '/books': operation(), '/movies/{id}': operation() }) },
      { service: 'ticket', document: doc({ '/tickets/{id}': operation() }) },
    ], []);
    expect(Object.keys(merged.paths).sort()).toEqual(['/books', '/health/live', '/movies/{id}', '/tickets/{id}']);
  });

  it('leaves out paths the gateway does not route to that service', () => {
    const merged = mergeOpenApi(gateway, [
      { service: 'book', document: doc({ '/books': operation(), '/internal/bookings/{id}/print': operation(), '/health/ready': operation(), '/tickets': operation() }) },
    ], []);
    expect(Object.keys(merged.paths).sort()).toEqual(['/books', '/health/live']);
  });

  it('shares a schema that two services define identically', () => {
    const error = { type: 'object', properties: { message: { type: 'string' } } };
    const merged = mergeOpenApi(gateway, [
      { service: 'book', document: doc({ '/books': operation('#/components/schemas/ErrorBody') }, { ErrorBody: error }) },
      { service: 'payment', document: doc({ '/payments': operation('#/components/schemas/ErrorBody') }, { ErrorBody: error }) },
    ], []);
    expect(Object.keys(merged.components!.schemas!)).toEqual(['ErrorBody']);
  });

  it("renames a clashing schema and points the service's references at the new name", () => {
    const merged = mergeOpenApi(gateway, [
      { service: 'book', document: doc({ '/books': operation('#/components/schemas/Status') }, { Status: { type: 'integer' } }) },
      { service: 'ticket', document: doc({ '/tickets': operation('#/components/schemas/Status') }, { Status: { type: 'string' } }) },
    ], []);
    expect(merged.components!.schemas).toEqual({ Status: { type: 'integer' }, TicketStatus: { type: 'string' } });
    expect(JSON.stringify(merged.paths['/tickets'])).toContain('#/components/schemas/TicketStatus');
    expect(JSON.stringify(merged.paths['/books'])).toContain('"#/components/schemas/Status"');
  });

  it('names the services whose documents could not be fetched', () => {
    const merged = mergeOpenApi(gateway, [], ['payment', 'notification']);
    expect(merged.info.description).toContain('The whole API.');
    expect(merged.info.description).toMatch(/payment, notification/);
  });
});
