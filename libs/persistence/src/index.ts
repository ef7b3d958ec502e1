export * from './database-url';
export * from './driver-errors';
export * from './transaction-runner';
export * from './persistence.module';
export * from './rows';
export * from './migrations';
