import type { Deal as DealRow } from '../entities/deal';
import type { DealOutcome } from '../services/deal-lifecycle';
import type { RegisterDealInput } from '../services/deal-registration';
import type { MoneyInput } from '../services/validation';
import type { Context } from '../context';

type Decision = { id: string; expectedVersion: number };

/** The deal a mutation returns also answers later references to it in the same response without a second read. */
const primed = (loaders: Context['loaders'], deal: DealRow) => {
  loaders.dealById.clear(deal.id).prime(deal.id, deal);
  return deal;
};

/** Thin: each mutation hands its arguments to a service (services/), which validates, checks scope and writes. */
export const mutationResolvers = {
  Mutation: {
    registerDeal: async (_: unknown, { input }: { input: RegisterDealInput }, { loaders, services }: Context) =>
      primed(loaders, await services.registration.register(input)),
    approveDeal: async (_: unknown, { id, expectedVersion, note }: Decision & { note?: string | null }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.approve(id, expectedVersion, note)),
    rejectDeal: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason: string }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.reject(id, expectedVersion, reason)),
    withdrawDeal: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason?: string | null }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.withdraw(id, expectedVersion, reason)),
    closeDeal: async (
      _: unknown,
      {
        id,
        expectedVersion,
        outcome,
        finalAmount,
        reason,
      }: Decision & { outcome: DealOutcome; finalAmount?: MoneyInput | null; reason?: string | null },
      { loaders, services }: Context,
    ) => primed(loaders, await services.lifecycle.close(id, expectedVersion, outcome, finalAmount, reason)),
  },
};
