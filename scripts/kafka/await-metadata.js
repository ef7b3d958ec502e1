// Exits 0 once the broker at argv[2] answers a metadata request (start.sh polls this).
const { Kafka, logLevel } = require('kafkajs');

const broker = process.argv[2] || '127.0.0.1:9092';
const TIMEOUT_MS = 5000;

async function main() {
  const admin = new Kafka({ clientId: 'kafka-start-check', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  const timer = setTimeout(() => process.exit(1), TIMEOUT_MS);
  try {
    await admin.connect();
    await admin.listTopics();
    await admin.disconnect();
    clearTimeout(timer);
  } catch {
    process.exit(1);
  }
}

main();
