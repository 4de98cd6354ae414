import { startCaptureSink, type CaptureSink } from './capture-sink.ts';
import { freePort } from './free-port.ts';

/** ingest's real server on a free port, emitting to a capture sink. */
export interface IngestUnderTest {
  readonly sink: CaptureSink;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Starts ingest as its `start` script does (startIngest), with K_SINK pointing at a capture sink and logs
 * silent. ingest reads its configuration once, when first imported, so a test file starts it once.
 */
export async function startIngestUnderTest(): Promise<IngestUnderTest> {
  const sink = await startCaptureSink();
  process.env['K_SINK'] = sink.url;
  process.env['HELIOS_LOG_LEVEL'] = 'silent';
  const { startIngest } = await import('../../functions/ingest/src/server.ts');
  const port = await freePort();
  const server = await startIngest({ port });
  return {
    sink,
    base: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sink.close();
    },
  };
}
