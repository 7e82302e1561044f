import { BadUserInputError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { decodeCursor, pageSize, type PageArgs } from '../../../common/pagination';
import type { SubgraphContext } from '../../../common/subgraph';
import type { Loaders } from '../loaders';

export type Context = SubgraphContext<Loaders>;

/** A reference to another subgraph's entity: that subgraph resolves the rest. */
export const stub = (id: string) => ({ id });

/**
 * Checks `first` and `after` before any SQL runs, so a bad argument is a BAD_USER_INPUT naming the argument,
 * not a database error: `validValue` says whether the cursor's ordering value has the right shape.
 */
export function checkPageArgs(args: PageArgs, validValue: (value: unknown) => boolean): PageArgs {
  pageSize(args.first);
  if (args.after) {
    const [value, id] = decodeCursor(args.after);
    if (!isUuid(id) || !validValue(value)) throw new BadUserInputError('after', 'is not a cursor returned by this list.');
  }
  return args;
}

export const isTimestamp = (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && !Number.isNaN(Date.parse(value));
export const isDate = (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
