import { readFileSync } from 'node:fs';
import { DEPLOY_SCRIPT } from './repo-paths.ts';

/** What the tests read out of cluster/deploy.sh, so the script and the manifests cannot drift apart. */
export interface DeployScript {
  readonly text: string;
  /** The names envsubst fills (TEMPLATE_VARIABLES), in order. */
  readonly templateVariables: readonly string[];
  /** Every `apply_file <path>` in the order the script runs them. */
  readonly appliedFiles: readonly string[];
  /** FUNCTIONS=(...): deployed with `kn func deploy`. */
  readonly functions: readonly string[];
  /** KNATIVE_VERSION and friends. */
  readonly versions: Readonly<Record<string, string>>;
  /** Every https URL the script applies, with ${VAR} expanded. */
  readonly releaseUrls: readonly string[];
  /** ConfigMaps the script generates with `kubectl create configmap NAME` (namespace helios). */
  readonly generatedConfigMaps: readonly string[];
}

/** Reads cluster/deploy.sh. Throws when one of the parts above cannot be found. */
export function readDeployScript(file = DEPLOY_SCRIPT): DeployScript {
  const text = readFileSync(file, 'utf8');
  const templateLine = /^TEMPLATE_VARIABLES='([^']*)'/m.exec(text);
  if (!templateLine) throw new Error('deploy.sh has no TEMPLATE_VARIABLES line');
  const templateVariables = [...templateLine[1]!.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1]!);
  const appliedFiles = [...text.matchAll(/^\s*apply_file (\S+)/gm)].map((match) => match[1]!);
  const functionsLine = /^FUNCTIONS=\(([^)]*)\)/m.exec(text);
  if (!functionsLine) throw new Error('deploy.sh has no FUNCTIONS=(...) line');
  const versions = Object.fromEntries(
    [...text.matchAll(/^([A-Z_]+_VERSION)=(\S+)$/gm)].map((match) => [match[1]!, match[2]!]),
  );
  const bases = Object.fromEntries(
    [...text.matchAll(/^([A-Z_]+)=(https:\/\/\S+)$/gm)].map((match) => [match[1]!, expand(match[2]!, versions)]),
  );
  const variables = { ...versions, ...bases };
  const releaseUrls = [...text.matchAll(/"(\$\{[A-Z_]+\}\/[^"]+)"/g)].map((match) => expand(match[1]!, variables));
  const generatedConfigMaps = [...text.matchAll(/kubectl -n helios create configmap (\S+)/g)].map((match) => match[1]!);
  return Object.freeze({
    text,
    templateVariables,
    appliedFiles,
    functions: functionsLine[1]!.trim().split(/\s+/),
    versions,
    releaseUrls,
    generatedConfigMaps,
  });
}

function expand(value: string, variables: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => variables[name] ?? whole);
}
