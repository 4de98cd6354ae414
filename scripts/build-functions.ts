/** Builds every function under functions/ (but core, which is bundled into each) with the one recipe. */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { buildFunction } from './build-function.ts';

const root = path.resolve(import.meta.dirname, '..');
const functionsDir = path.join(root, 'functions');
const names = readdirSync(functionsDir).filter(
  (name) => name !== 'core' && existsSync(path.join(functionsDir, name, 'func.yaml')),
);
const started = performance.now();
await Promise.all(names.map((name) => buildFunction(path.join(functionsDir, name))));
console.log(`built ${names.join(', ')} in ${Math.round(performance.now() - started)} ms`);
