import { describe, expect, it } from 'vitest';
import { selectEventLog } from '../../src/event-log/select-event-log.ts';
import { TEST_KAFKA_BROKERS, serviceAvailable } from '../../../../test/helpers/services.ts';

describe('selectEventLog', () => {
  it('runs the embedded log when no Kafka brokers are given', async () => {
    const log = await selectEventLog({ kafkaBrokers: [] });
    try {
      expect(log.kind).toBe('embedded');
    } finally {
      await log.close();
    }
  });
});

const kafka = await serviceAvailable('Kafka', TEST_KAFKA_BROKERS);

describe.skipIf(!kafka)('selectEventLog with KAFKA_BROKERS', () => {
  it('connects to Kafka when brokers are given', async () => {
    const log = await selectEventLog({ kafkaBrokers: TEST_KAFKA_BROKERS.split(','), clientId: 'helios-select-test' });
    try {
      expect(log.kind).toBe('kafka');
      const topic = `helios_select_${Date.now()}`;
      await log.createTopics([{ name: topic, partitions: 1 }]);
      const written = await log.produce(topic, { key: 'k', value: Buffer.from('v'), headers: {} });
      expect(written.partition).toBe(0);
    } finally {
      await log.close();
    }
  });
});
