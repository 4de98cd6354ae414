import type { DeliverySpec } from '../routing/routing.ts';

/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry), as eventing-kafka-broker's
 * computeRetryPolicy: linear = backoffDelay × retry, exponential = backoffDelay × 2^retry.
 */
export function backoffDelay(delivery: Pick<DeliverySpec, 'backoffPolicy' | 'backoffDelayMs'>, retry: number): number {
  return delivery.backoffPolicy === 'linear' ? delivery.backoffDelayMs * retry : delivery.backoffDelayMs * 2 ** retry;
}

/**
 * Whether Knative redelivers after this status: 5xx, 404, 408, 409 and 429 (the eventing data-plane spec,
 * WebClientCloudEventSender.isRetryableStatusCode). Any other non-2xx goes straight to the dead letter.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 404 || status === 408 || status === 409 || status === 429;
}

/**
 * The retry horizon of a delivery spec: the waits before every retry added up, from the first failure
 * to the last attempt (each attempt's own time, up to `timeoutMs`, comes on top). Knative caps neither
 * policy, so linear = backoffDelay × retry(retry + 1) / 2, exponential = backoffDelay × (2^(retry+1) − 2).
 */
export function retryHorizonMs(delivery: Pick<DeliverySpec, 'retry' | 'backoffPolicy' | 'backoffDelayMs'>): number {
  let total = 0;
  for (let retry = 1; retry <= delivery.retry; retry++) total += backoffDelay(delivery, retry);
  return total;
}
