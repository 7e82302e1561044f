import type { ChangeEvent } from '../../../common/audit';
import { organizationOf } from '../../../common/identity';
import { money } from '../../../common/money';
import type { Context, Resolvers } from '../context';
import type { Partnership } from '../entities';

const isVendorOf = (partnership: Partnership, ctx: Context) =>
  ctx.identity.role === 'VENDOR' && organizationOf(ctx.identity) === partnership.vendorId;

/** Both sides' acts; for the vendor, its manager assignments too, in time order (oldest first, as each trail). */
async function partnershipHistory(partnership: Partnership, ctx: Context): Promise<ChangeEvent[]> {
  const acts = ctx.loaders.partnershipHistory.load(partnership.id);
  if (!isVendorOf(partnership, ctx)) return acts;
  const [shared, managers] = await Promise.all([acts, ctx.loaders.partnershipManagerHistory.load(partnership.id)]);
  if (!managers.length) return shared;
  return [...shared, ...managers].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const partnershipResolvers: Resolvers = {
  Partnership: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.partnershipById.load(reference.id),
    vendor: (partnership: Partnership, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(partnership.vendorId),
    partner: (partnership: Partnership) => ({ id: partnership.partnerId }),
    history: (partnership: Partnership, _: unknown, ctx: Context) => partnershipHistory(partnership, ctx),
    /** The vendor's own people only: null for the partner and a distributor (the gateway denies them the field too). */
    manager: (partnership: Partnership, _: unknown, ctx: Context) =>
      partnership.managerSubject && isVendorOf(partnership, ctx) ? ctx.loaders.vendorMemberBySubject.load(partnership.managerSubject) : null,
    program: (partnership: Partnership, _: unknown, ctx: Context) => ctx.loaders.programById.load(partnership.programId),
    tier: (partnership: Partnership, _: unknown, ctx: Context) => (partnership.tierId ? ctx.loaders.tierById.load(partnership.tierId) : null),
    targetRevenue: (partnership: Partnership) => money(partnership.targetRevenueMinor, partnership.currency),
    /** Its vendor and its partner only; all scorecards of one period in a request share one call per peer. */
    scorecard: (partnership: Partnership, args: { period: unknown }, ctx: Context) => ctx.services.analytics.scorecard(partnership, args.period),
  },
};
