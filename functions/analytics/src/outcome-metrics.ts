import { counter } from '@helios/core';

/**
 * helios_outcomes_stored_total{result}: `inserted` new rows, `duplicate` redelivered events dropped;
 * `invalid` events rejected with a 400, `failed` ones answered 503 (database down) and redelivered.
 */
export const outcomesStored = counter(
  'helios_outcomes_stored_total',
  'Auction outcome events by what storing them did',
  ['result'],
);

/** helios_dead_letters_recorded_total{result}: dead letters read from the dead_letters topic, as for outcomes. */
export const deadLettersRecorded = counter(
  'helios_dead_letters_recorded_total',
  'Dead letters recorded for the dashboard, by what recording them did',
  ['result'],
);
