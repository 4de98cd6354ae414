/** What ingest answers an HTTP request: the server writes it (JSON-serialising `body` when it is not a string). */
export interface IngestAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}
