import { loadPaymentConfig } from './payment.config';

describe('loadPaymentConfig', () => {
  it('defaults to port 8082 with a SQLite file, a limit of 1000000 and no faults', () => {
    expect(loadPaymentConfig({})).toMatchObject({
      port: 8082, host: '127.0.0.1', databaseUrl: 'sqlite:data/payment.sqlite', logLevel: 'log', maxAmount: 1_000_000,
      faults: { delay: null, failureRate: 0 }, faultControl: false,
      messaging: { transport: 'memory', clientId: 'payment' },
    });
  });

  it('reads the PAYMENT_ settings', () => {
    const config = loadPaymentConfig({
      PAYMENT_PORT: '9082', PAYMENT_DB_URL: 'mysql://root@127.0.0.1:3306/movie_payment', PAYMENT_MAX_AMOUNT: '5000',
      PAYMENT_FAULT_DELAY_MS: '400-620', PAYMENT_FAULT_FAILURE_RATE: '0.25', PAYMENT_FAULT_CONTROL: 'true',
    });
    expect(config).toMatchObject({
      port: 9082, databaseUrl: 'mysql://root@127.0.0.1:3306/movie_payment', maxAmount: 5000,
      faults: { delay: { min: 400, max: 620 }, failureRate: 0.25 }, faultControl: true,
    });
  });

  it('takes a fixed delay', () => {
    expect(loadPaymentConfig({ PAYMENT_FAULT_DELAY_MS: '500' }).faults.delay).toEqual({ min: 500, max: 500 });
  });

  it('names every wrong setting at once, its own delay check and the messaging settings included', () => {
    expect(() => loadPaymentConfig({
      PAYMENT_PORT: 'eighty', PAYMENT_FAULT_FAILURE_RATE: '2', PAYMENT_FAULT_DELAY_MS: 'slow', MESSAGING_TRANSPORT: 'carrier-pigeon',
    })).toThrow(/PAYMENT_PORT[\s\S]*PAYMENT_FAULT_FAILURE_RATE[\s\S]*PAYMENT_FAULT_DELAY_MS[\s\S]*MESSAGING_TRANSPORT/);
  });
});
