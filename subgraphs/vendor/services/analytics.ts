import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { ForbiddenError } from '../../../common/errors';
import { organizationOf } from '../../../common/identity';
import { memo } from '../../../common/loaders';
import { money, type Money } from '../../../common/money';
import type { Caller } from '../../../common/scope';
import { ratio } from '../decimal';
import type { Partnership } from '../entities';
import { directSalesTotals } from '../repositories/direct-sales';
import { eligibleForPartners } from './eligibility';
import { askPartnerSourced, askPerformance, askSellThrough, minorOf, pairKey, pairRevenue } from './peers';
import { checkedPeriod, currencyCode, type Period } from '../../../common/validation';
import { daysIn, prorate } from './period';
import { evaluateTiers } from './tier-evaluation';
import { normalizeId } from '../../../common/ids';

export interface ChannelMix {
  period: Period;
  currency: string;
  direct: Money;
  partnerSourced: Money;
  marketplace: Money;
  directShare: string | null;
  partnerSourcedShare: string | null;
  marketplaceShare: string | null;
}

export interface Scorecard {
  period: Period;
  revenue: Money;
  unverifiedRevenue: Money;
  target: Money | null;
  attainment: string | null;
  wonDeals: number;
}

interface PairFigures {
  revenueMinor: bigint;
  unverifiedRevenueMinor: bigint;
  wonDeals: number;
}

const share = (part: bigint, total: bigint) => (total === 0n ? null : ratio(part, total, 4));

/**
 * The vendor context's analytics for one request's caller: channel mix, partnership scorecards, a partner's eligible
 * incentives (as seen by a vendor), tier evaluation. Figures of other contexts come from their procedures, batched:
 * all the scorecards of one period in a request cost one call per peer, all the partners whose eligible incentives a
 * vendor asks for one call per procedure.
 */
export function createAnalytics(ds: DataSource, caller: Caller) {
  const { identity } = caller;
  const org = organizationOf(identity);

  /** Verified won revenue + sell-through, unverified claims and won deals of each partnership in one period: one call per peer for the batch. */
  const scorecardFigures = new Map<string, DataLoader<Partnership, PairFigures>>();
  const figuresOf = (period: Period) =>
    memo(
      scorecardFigures,
      `${period.from}|${period.to}`,
      () =>
        new DataLoader<Partnership, PairFigures, string>(
          async (partnerships) => {
            // a vendor asks about its own vendor id only, a partner about itself only (what the procedures answer)
            const vendorIds = identity.role === 'VENDOR' ? [org!] : [...new Set(partnerships.map((p) => p.vendorId))];
            const partnerIds = identity.role === 'PARTNER' ? [org!] : [...new Set(partnerships.map((p) => p.partnerId))];
            const [performance, sellThrough] = await Promise.all([
              askPerformance(caller, vendorIds, partnerIds, period),
              askSellThrough(caller, vendorIds, partnerIds, period),
            ]);
            return partnerships.map((p) => {
              const key = pairKey(p.vendorId, p.partnerId);
              return {
                revenueMinor: pairRevenue(performance, sellThrough, key, p.currency),
                unverifiedRevenueMinor: minorOf(performance[key]?.unverifiedRevenue?.[p.currency]),
                wonDeals: Number(performance[key]?.wonDeals ?? 0) || 0,
              };
            });
          },
          { cacheKeyFn: (p) => p.id },
        ),
    );

  let eligible: DataLoader<string, string[]> | undefined;

  return {
    /** Vendor.channelMix: the vendor itself only (another vendor → null). */
    async channelMix(vendorId: string, periodInput: unknown, currencyInput: unknown): Promise<ChannelMix | null> {
      const period = checkedPeriod('period', periodInput as Period);
      const currency = currencyCode('currency', currencyInput);
      if (identity.role !== 'VENDOR' || !org) throw new ForbiddenError(`Only a vendor sees its channel mix; you are signed in as ${identity.role}.`);
      if (vendorId.toLowerCase() !== org) return null;
      const [own, sourced] = await Promise.all([
        directSalesTotals(ds, org, currency, period.from, period.to),
        askPartnerSourced(caller, org, period),
      ]);
      const direct = BigInt(own.direct);
      const marketplace = BigInt(own.marketplace);
      const partnerSourced = minorOf(sourced[currency]);
      const total = direct + marketplace + partnerSourced;
      return {
        period,
        currency,
        direct: money(direct, currency)!,
        partnerSourced: money(partnerSourced, currency)!,
        marketplace: money(marketplace, currency)!,
        directShare: share(direct, total),
        partnerSourcedShare: share(partnerSourced, total),
        marketplaceShare: share(marketplace, total),
      };
    },

    /** Partnership.scorecard: a vendor's own partnerships, a partner's own; another's → null; a distributor → FORBIDDEN. */
    async scorecard(partnership: Partnership, periodInput: unknown): Promise<Scorecard | null> {
      const period = checkedPeriod('period', periodInput as Period);
      if ((identity.role !== 'VENDOR' && identity.role !== 'PARTNER') || !org) {
        throw new ForbiddenError(`Only the vendor and the partner of a partnership see its scorecard; you are signed in as ${identity.role}.`);
      }
      if ((identity.role === 'VENDOR' ? partnership.vendorId : partnership.partnerId) !== org) return null;
      const figures = await figuresOf(period).load(partnership);
      const currency = partnership.currency;
      const target = partnership.targetRevenueMinor === null ? null : prorate(BigInt(partnership.targetRevenueMinor), daysIn(period));
      return {
        period,
        revenue: money(figures.revenueMinor, currency)!,
        unverifiedRevenue: money(figures.unverifiedRevenueMinor, currency)!,
        target: target === null ? null : money(target, currency),
        attainment: target === null || target === 0n ? null : ratio(figures.revenueMinor, target, 4),
        wonDeals: figures.wonDeals,
      };
    },

    /**
     * Partner.eligibleIncentives as a VENDOR sees it: the ids of the partner's eligible incentives among the vendor's
     * own (a partner not ACTIVE with it has none). All partners of a request in one batch.
     */
    eligibleIncentiveIdsFor(partnerId: string): Promise<string[]> {
      if (identity.role !== 'VENDOR' || !org)
        throw new ForbiddenError(`Only a vendor asks which incentives a partner qualifies for; you are signed in as ${identity.role}.`);
      eligible ??= new DataLoader<string, string[]>(
        async (partnerIds) => {
          const byPartner = await eligibleForPartners(ds, caller, org, [...partnerIds]);
          return partnerIds.map((id) => byPartner.get(id) ?? []);
        },
        { cacheKeyFn: normalizeId },
      );
      return eligible.load(normalizeId(partnerId));
    },

    evaluateTiers: (programId?: string | null) => evaluateTiers(ds, caller, programId),
  };
}

export type Analytics = ReturnType<typeof createAnalytics>;
