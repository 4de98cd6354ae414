import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const K8S_DIR = path.join(ROOT, 'cluster/k8s');
export const EVENTING_DIR = path.join(ROOT, 'eventing');
export const FUNCTIONS_DIR = path.join(ROOT, 'functions');
export const DEPLOY_SCRIPT = path.join(ROOT, 'cluster/deploy.sh');
