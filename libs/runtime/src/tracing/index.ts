export * from './trace-context';
export * from './tracing';
export * from './http-server-spans';
export * from './http-client-spans';
export * from './message-tracing';
export * from './service-resource-exporter';
