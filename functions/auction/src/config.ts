import { readEnvironment } from '@helios/core';

const env = readEnvironment();

/**
 * The auction's configuration, read from the environment once, at load. Throws ConfigError listing every
 * bad variable.
 */
export const config = env.done({
  /** K_SINK: where outcomes are POSTed (the auction_outcomes KafkaSink), injected by a SinkBinding */
  sink: requiredUrl('K_SINK'),
  /** K_CE_OVERRIDES: extensions the SinkBinding asks to set on every event sent */
  ceOverrides: env.jsonObject('K_CE_OVERRIDES'),
  /** how many other buyers the simulated exchange has bid on each imp */
  competitors: env.integer('HELIOS_AUCTION_COMPETITORS', 3, { min: 0, max: 100 }),
  /** what a second-price winner pays above the runner-up, CPM */
  incrementCpm: env.number('HELIOS_AUCTION_INCREMENT_CPM', 0.01, { min: 0, max: 1_000 }),
  /** the CPM the other buyers bid around on an imp without a floor */
  referenceCpm: env.number('HELIOS_AUCTION_REFERENCE_CPM', 1, { min: 0, max: 1_000 }),
  logLevel: env.logLevel('HELIOS_LOG_LEVEL'),
});

function requiredUrl(name: string): string {
  return env.optionalUrl(name, ['http:', 'https:']) ?? env.requiredString(name);
}
