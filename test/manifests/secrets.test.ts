/**
 * No credential is committed: every Secret in cluster/ and eventing/ is a template whose credentials are
 * deploy.sh placeholders, and deploy.sh fills every placeholder the manifests use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readDeployScript } from './support/deploy-script.ts';
import { isRecord, manifestFiles, render } from './support/load-manifests.ts';
import { ROOT } from './support/repo-paths.ts';

const PLACEHOLDER = /\$\{(HELIOS_[A-Z0-9_]+)\}/g;

/** The Secrets of a file as written (placeholders unfilled). */
function rawSecrets(file: string): { name: string; data: unknown; stringData: Record<string, string> }[] {
  return parseAllDocuments(readFileSync(path.join(ROOT, file), 'utf8'))
    .map((document) => document.toJS() as unknown)
    .filter((object): object is Record<string, unknown> => isRecord(object) && object['kind'] === 'Secret')
    .map((object) => ({
      name: String((object['metadata'] as Record<string, unknown>)['name']),
      data: object['data'],
      stringData: (object['stringData'] ?? {}) as Record<string, string>,
    }));
}

/**
 * The problems of one Secret value: it must name a placeholder, and what surrounds the placeholders
 * must carry no credential (a URL's password, if any, must be the placeholder itself).
 */
function credentialProblems(key: string, value: string): string[] {
  const placeholders = [...value.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  if (placeholders.length === 0) return [`${key} carries a literal value`];
  const literal = value.replace(PLACEHOLDER, '');
  if (!literal.includes('://')) return literal.trim() === '' ? [] : [`${key} has literal text around its placeholder`];
  const url = new URL(value.replace(PLACEHOLDER, 'PLACEHOLDER'));
  return url.password === '' || url.password === 'PLACEHOLDER' ? [] : [`${key} has a literal password in its URL`];
}

const secretFiles = manifestFiles().filter((file) => rawSecrets(file).length > 0);

describe('secrets', () => {
  it('the Secrets exist as templates', () => {
    expect(secretFiles).toEqual(['cluster/k8s/30-secrets.yaml']);
  });

  it.each(secretFiles)('every Secret in %s holds placeholders only, in stringData', (file) => {
    const problems: string[] = [];
    for (const secret of rawSecrets(file)) {
      if (secret.data !== undefined)
        problems.push(`${secret.name}: base64 data is not allowed, use stringData placeholders`);
      for (const [key, value] of Object.entries(secret.stringData)) {
        problems.push(...credentialProblems(key, String(value)).map((problem) => `${secret.name}: ${problem}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('the credential check flags a committed password, a password in a URL and base64 data', () => {
    expect(credentialProblems('POSTGRES_PASSWORD', 'hunter2')).toHaveLength(1);
    expect(credentialProblems('DATABASE_URL', 'postgres://helios:hunter2@db:5432/${HELIOS_DB}')).toHaveLength(1);
    expect(credentialProblems('DATABASE_URL', 'postgres://helios:${HELIOS_POSTGRES_PASSWORD}@db:5432/helios')).toEqual(
      [],
    );
  });

  it('deploy.sh fills every placeholder the manifests use, and uses every one it fills', () => {
    const script = readDeployScript();
    const used = new Set<string>();
    for (const file of manifestFiles()) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect(render(text).unfilled, file).toEqual([]);
      for (const match of text.matchAll(PLACEHOLDER)) used.add(match[1]!);
    }
    expect([...used].sort()).toEqual([...script.templateVariables].sort());
  });

  it('deploy.sh generates a missing password and never prints one', () => {
    const script = readDeployScript().text;
    expect(script).toMatch(/openssl rand -hex/);
    expect(script).not.toMatch(/(echo|log|printf '\\n==>)[^\n]*PASSWORD/);
  });
});
