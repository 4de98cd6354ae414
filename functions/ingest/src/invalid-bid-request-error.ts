import { InvalidFieldError } from '@helios/core';
import type { Problem } from '@helios/core';

/**
 * A bid request broke one or more rules: a 400 whose message names the first problem, in prebid's form
 * (`request.imp[0].banner.w must be a positive number`), and whose JSON body also lists every problem in
 * `error.details`, so an exchange can fix them all in one round.
 */
export class InvalidBidRequestError extends InvalidFieldError {
  declare readonly details: readonly Problem[];

  /** Throws a TypeError when `problems` is empty: there is nothing to report. */
  constructor(problems: readonly Problem[]) {
    const [first] = problems;
    if (!first) throw new TypeError('InvalidBidRequestError needs at least one problem');
    super(first.field, first.rule);
    Object.assign(this, { details: Object.freeze([...problems]) });
  }

  override toJSON() {
    const body = super.toJSON();
    return {
      error: {
        ...body.error,
        details: this.details.map(({ field, rule }) => ({ field, rule, message: `${field} ${rule}` })),
      },
    };
  }
}
