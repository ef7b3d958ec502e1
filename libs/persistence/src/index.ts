export * from './database-url';
export * from './deadlock';
export * from './unique-violation';
export * from './transaction-runner';
export * from './persistence.module';
export * from './rows';
