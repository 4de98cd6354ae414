/**
 * Every problem found in the manifests, reported together (as prebid's config.validate() does), so one
 * start shows all broken references. Each problem reads `<file> <Kind>/<name> <field>: <what is wrong>`.
 */
export class RoutingError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid eventing manifests:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RoutingError';
    this.problems = Object.freeze([...problems]);
  }
}
