import { Admin } from '@platformatic/kafka';

/**
 * Deletes the topics whose names contain `marker` (a run's suffix), so repeated runs do not pile up
 * topics on a developer's long-lived broker. Best effort: a broker that is gone has nothing to clean.
 */
export async function deleteRunTopics(brokers: readonly string[], marker: string): Promise<void> {
  const admin = new Admin({ clientId: 'helios-test-cleanup', bootstrapBrokers: [...brokers] });
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.includes(marker));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } catch {
    // Cleanup must not fail a test that passed.
  } finally {
    await admin.close().catch(() => undefined);
  }
}
