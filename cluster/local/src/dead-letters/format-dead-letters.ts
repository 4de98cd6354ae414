import type { DeadLetterEntry } from './dead-letter-entry.ts';
import type { ReplayResult } from './dead-letters.ts';
import type { ReplayRoute } from './replay-route.ts';

/** The `list` table: one line per dead letter, oldest first, or a sentence when there is none. */
export function formatDeadLetterList(entries: readonly DeadLetterEntry[]): string {
  if (entries.length === 0) return 'No dead letters.';
  const rows = [
    ['ID', 'DEAD-LETTERED', 'TYPE', 'SOURCE', 'EVENT ID', 'CODE', 'FAILED AT', 'REASON'],
    ...entries.map((entry) => [
      entry.id,
      entry.deadLetteredAt,
      entry.event['type'] ?? '',
      entry.event['source'] ?? '',
      entry.event['id'] ?? '',
      entry.error.code === null ? '-' : String(entry.error.code),
      entry.error.destination,
      oneLine(entry.error.reason, 80),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n${entries.length} dead letter${entries.length === 1 ? '' : 's'}.`;
}

/** `show`: the dead letter as indented JSON (event attributes, data, and why it failed). */
export function formatDeadLetter(entry: DeadLetterEntry): string {
  return JSON.stringify(entry, null, 2);
}

/** `replay`: one line per dead letter saying what was replayed, where to, and how it went. */
export function formatReplayResults(results: readonly ReplayResult[]): string {
  if (results.length === 0) return 'No dead letters to replay.';
  const lines = results.map(
    (result) =>
      `${result.result} ${result.id}: ${result.event.type} ${result.event.source} ${result.event.id} → ${describeRoute(result.route)}: ${result.detail}`,
  );
  const replayed = results.filter((result) => result.result === 'replayed').length;
  return `${lines.join('\n')}\n${replayed} of ${results.length} replayed.`;
}

function describeRoute(route: ReplayRoute | null): string {
  if (route === null) return 'nowhere';
  if (route.kind === 'subscriber') return `${route.subscription} at ${route.url}`;
  return `topic ${route.topic} (${route.subscriptions.join(', ') || 'no subscription'})`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
