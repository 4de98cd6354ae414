import { describe, expect, it } from 'vitest';
import { renderServerProperties } from '../src/server-properties.ts';
import { kafkaVersionOf } from '../src/broker-jars.ts';

function parse(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('=', 2) as [string, string]);
  return new Map(entries.map(([key, value]) => [key, value]));
}

describe('renderServerProperties', () => {
  const properties = parse(renderServerProperties({ port: 19_092, logDir: '/data/kafka' }));

  it('runs one KRaft node as broker and controller, the controller on the next port', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(properties.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(properties.get('controller.listener.names')).toBe('CONTROLLER');
  });

  it('asks for no more replicas than the one node it has', () => {
    for (const key of [
      'default.replication.factor',
      'min.insync.replicas',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
    ]) {
      expect(properties.get(key), key).toBe('1');
    }
  });

  it('starts consumer groups without the initial rebalance delay and keeps logs in the data dir', () => {
    expect(properties.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(properties.get('log.dirs')).toBe('/data/kafka');
  });

  it('refuses to create a topic on first use, as topics come from eventing/*.yaml', () => {
    expect(properties.get('auto.create.topics.enable')).toBe('false');
  });
});

describe('kafkaVersionOf', () => {
  it('reads the pinned Kafka version from the pom', () => {
    expect(kafkaVersionOf('<properties><kafka.version> 4.3.1 </kafka.version></properties>')).toBe('4.3.1');
  });

  it('throws when the pom pins no version, rather than caching jars under a wrong name', () => {
    expect(() => kafkaVersionOf('<project/>')).toThrow(/kafka\.version/);
  });
});
