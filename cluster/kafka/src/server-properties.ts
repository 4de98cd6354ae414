/** What a single-node KRaft broker needs to know; everything else is fixed for a local, one-replica Kafka. */
export interface ServerPropertiesOptions {
  /** The PLAINTEXT listener clients use; the controller listens on port + 1. */
  readonly port: number;
  /** Absolute path of the partition logs (log.dirs). */
  readonly logDir: string;
}

/**
 * Renders server.properties for one node acting as broker and controller (KRaft, no ZooKeeper), bound to
 * 127.0.0.1 only. Replication factors and min ISR are 1 because there is one node; the offsets topic is
 * small and the initial rebalance delay zero because a test's consumer group should start at once.
 */
export function renderServerProperties(options: ServerPropertiesOptions): string {
  const controllerPort = options.port + 1;
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${options.port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${options.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': options.logDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 4,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 4,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created explicitly from eventing/*.yaml; a typo must fail, not create a stray topic.
    'auto.create.topics.enable': false,
    'delete.topic.enable': true,
    // A local log needs no week of history.
    'log.retention.hours': 24,
    'log.segment.bytes': 64 * 1024 * 1024,
  };
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${value}`);
  return `# Written by cluster/kafka/kafka.ts; regenerated on every start.\n${lines.join('\n')}\n`;
}
