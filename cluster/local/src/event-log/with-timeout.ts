/**
 * Settles like `promise`, or rejects after `timeoutMs` (calling `onTimeout` first). The Kafka client
 * keeps retrying some operations for as long as a broker is away; callers that owe an answer in bounded
 * time wrap them in this. The losing promise may still settle later: its rejection is swallowed here.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
