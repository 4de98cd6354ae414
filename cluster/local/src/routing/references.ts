import { isRecord } from './read-manifests.ts';
import type { FunctionSpec, SinkKind, SinkRoute } from './routing.ts';

/**
 * Resolves the refs of one set of manifests (duck v1 Destination / KReference) against the sinks and
 * functions found, pushing a problem for each that names nothing. One instance per loadRouting call.
 */
export class References {
  readonly #sinks: readonly SinkRoute[];
  readonly #functions: readonly FunctionSpec[];
  readonly #namespace: string;
  readonly #problems: string[];

  constructor(options: {
    sinks: readonly SinkRoute[];
    functions: readonly FunctionSpec[];
    namespace: string;
    problems: string[];
  }) {
    this.#sinks = options.sinks;
    this.#functions = options.functions;
    this.#namespace = options.namespace;
    this.#problems = options.problems;
  }

  /** The kind of the KafkaSink or Broker `ref` names, or null (and a problem) when there is none. */
  sinkKind(ref: { kind: string; name: string }, where: string, field: string): SinkKind | null {
    if (ref.kind !== 'KafkaSink' && ref.kind !== 'Broker') {
      this.#problems.push(`${where} ${field}.kind: must be KafkaSink or Broker (got ${JSON.stringify(ref.kind)})`);
      return null;
    }
    if (!this.#sinks.some((sink) => sink.kind === ref.kind && sink.name === ref.name)) {
      this.#problems.push(`${where} ${field}.name: ${ref.kind} "${ref.name}" is not defined in eventing/`);
      return null;
    }
    return ref.kind;
  }

  /** The kind of the sink `ref` names, or null; reports nothing (for a ref already checked elsewhere). */
  findSinkKind(ref: { kind: string; name: string }): SinkKind | null {
    const sink = this.#sinks.find((known) => known.kind === ref.kind && known.name === ref.name);
    return sink ? sink.kind : null;
  }

  /** A Destination's `ref` that must be a KafkaSink or Broker: its name and kind, or null. */
  sink(destination: unknown, where: string, field: string): { name: string; kind: SinkKind } | null {
    const ref = this.#ref(destination, where, field);
    if (!ref) return null;
    const kind = this.sinkKind(ref, where, `${field}.ref`);
    return kind && { name: ref.name, kind };
  }

  /**
   * A Destination that must be a Knative Service, i.e. one of functions/: its name and the path called
   * (a relative `uri`, resolved against the ref as Knative does; `/` when none). Null when invalid.
   */
  function(destination: unknown, where: string, field: string): { function: string; path: string } | null {
    const ref = this.#ref(destination, where, field);
    const name = ref && this.#service(ref, where, `${field}.ref`);
    if (!name) return null;
    const uri = isRecord(destination) ? destination['uri'] : undefined;
    if (uri !== undefined && (typeof uri !== 'string' || !uri.startsWith('/'))) {
      this.#problems.push(
        `${where} ${field}.uri: must be a path relative to the ref, such as /events (got ${JSON.stringify(uri)})`,
      );
      return null;
    }
    return { function: name, path: uri ?? '/' };
  }

  /** A SinkBinding subject (a KReference) that must name a function: its name, or null. */
  subject(subject: unknown, where: string, field: string): string | null {
    const ref = this.#kref(subject, where, field);
    return ref && this.#service(ref, where, field);
  }

  #service(ref: { apiVersion: string; kind: string; name: string }, where: string, field: string): string | null {
    if (ref.kind !== 'Service' || !ref.apiVersion.startsWith('serving.knative.dev/')) {
      this.#problems.push(
        `${where} ${field}: must be a serving.knative.dev Service, i.e. a function (got ${ref.apiVersion} ${ref.kind})`,
      );
      return null;
    }
    if (!this.#functions.some((fn) => fn.name === ref.name)) {
      this.#problems.push(`${where} ${field}.name: Service "${ref.name}" is not a function in functions/`);
      return null;
    }
    return ref.name;
  }

  #ref(destination: unknown, where: string, field: string): { apiVersion: string; kind: string; name: string } | null {
    if (!isRecord(destination) || !isRecord(destination['ref'])) {
      this.#problems.push(
        `${where} ${field}.ref: must be set, with kind and name (a uri alone is not supported locally)`,
      );
      return null;
    }
    return this.#kref(destination['ref'], where, `${field}.ref`);
  }

  #kref(ref: unknown, where: string, field: string): { apiVersion: string; kind: string; name: string } | null {
    if (!isRecord(ref) || typeof ref['kind'] !== 'string' || typeof ref['name'] !== 'string') {
      this.#problems.push(`${where} ${field}: must be set, with kind and name`);
      return null;
    }
    const namespace = ref['namespace'];
    if (namespace !== undefined && namespace !== this.#namespace) {
      this.#problems.push(
        `${where} ${field}.namespace: must be ${this.#namespace}, the namespace of eventing/ (got ${JSON.stringify(namespace)})`,
      );
      return null;
    }
    const apiVersion = typeof ref['apiVersion'] === 'string' ? ref['apiVersion'] : '';
    return { apiVersion, kind: ref['kind'], name: ref['name'] };
  }
}
