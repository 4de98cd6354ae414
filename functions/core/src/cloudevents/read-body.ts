import type { Readable } from 'node:stream';
import { PayloadTooLargeError } from '../errors.ts';

/**
 * Reads a request body whole, counting bytes as they arrive, so a chunked body (no Content-Length) is held
 * to the same limit as a declared one. Rejects with PayloadTooLargeError (413) as soon as the limit is
 * passed, and stops reading; the caller answers and closes the connection. Rejects with the stream's
 * error when the client goes away.
 */
export function readBody(stream: Readable, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        stream.pause();
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('the client aborted the request'));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('aborted', onAborted);
  });
}
