import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../../common/errors';
import { formatMinor } from '../../../common/money';
import type { Caller } from '../../../common/scope';
import type { Partnership, ProgramTier } from '../entities';
import { ownProgram } from '../repositories/programs';
import { activePartnershipsOf, lockActivePartnerships, recordTierChange, tiersOfPrograms } from '../repositories/tier-evaluation';
import { actingVendor, requireVendor } from './actor';
import { idOrNull } from '../../../common/validation';
import { askPerformance, askProfiles, askSellThrough, pairKey, pairRevenue } from './peers';
import { trailingYear } from './period';

export interface TierChangeResult {
  partnership: Partnership;
  fromTierId: string | null;
  toTierId: string;
  reason: string;
  changedAt: Date;
}

export interface TierEvaluationResult {
  evaluated: number;
  changes: TierChangeResult[];
}

/** What a partnership achieved in the trailing 12 months. */
interface Results {
  revenueMinor: bigint;
  /** Valid certifications for the vendor, verified by it: the ones a threshold counts. */
  certifications: number;
  /** Valid ones only recorded by the partner: named in the reason, never counted. */
  unverifiedCertifications: number;
  wonDeals: number;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The highest tier whose three thresholds the results all meet; the entry tier (rank 1) otherwise. */
export function qualifyingTier(tiers: ProgramTier[], results: Results): ProgramTier | null {
  const byRank = [...tiers].sort((a, b) => b.rank - a.rank);
  return (
    byRank.find(
      (tier) =>
        BigInt(tier.minRevenueMinor) <= results.revenueMinor &&
        tier.minCertifications <= results.certifications &&
        tier.minWonDeals <= results.wonDeals,
    ) ??
    byRank.find((tier) => tier.rank === 1) ??
    null
  );
}

/**
 * evaluateTiers(programId?): every ACTIVE partnership of the vendor (or of that program of its own; another vendor's
 * or a missing program → NOT_FOUND) gets the highest tier its trailing 12 months qualify for: revenue (won deals +
 * sell-through, in the partnership's currency), certifications for the vendor valid today and verified by it, and won deals, each against the tier's
 * threshold. Revenue is verified revenue only (DESIGN §7): a claim no one confirmed does not promote. The peers
 * are asked first (one call per procedure, no transaction held open across them); then, in one
 * transaction, the partnerships still ACTIVE are locked, each change is written with its record in
 * partnership_tier_changes. A second run on the same results changes nothing.
 */
export async function evaluateTiers(ds: DataSource, caller: Caller, programIdArg: string | null | undefined): Promise<TierEvaluationResult> {
  const { identity } = caller;
  const action = 'evaluate partnership tiers';
  requireVendor(identity, action);
  const vendor = await actingVendor(ds.manager, identity, action);
  let programId: string | null = null;
  if (programIdArg !== null && programIdArg !== undefined) {
    const id = idOrNull(programIdArg);
    const program = id ? await ownProgram(ds.manager, id, vendor.id) : null;
    if (!program) throw new NotFoundError('PartnerProgram', programIdArg);
    programId = program.id;
  }
  const candidates = await activePartnershipsOf(ds.manager, vendor.id, programId);
  if (!candidates.length) return { evaluated: 0, changes: [] };

  const partnerIds = candidates.map((c) => c.partnerId);
  const window = trailingYear();
  const [performance, sellThrough, profiles] = await Promise.all([
    askPerformance(caller, [vendor.id], partnerIds, window),
    askSellThrough(caller, [vendor.id], partnerIds, window),
    askProfiles(caller, partnerIds, [vendor.id]),
  ]);

  return ds.transaction(async (manager) => {
    const partnerships = await lockActivePartnerships(
      manager,
      candidates.map((c) => c.id),
      vendor.id,
      programId,
    );
    const tiers = await tiersOfPrograms(manager, [...new Set(partnerships.map((p) => p.programId))]);
    const changes: TierChangeResult[] = [];
    for (const partnership of partnerships) {
      const key = pairKey(partnership.vendorId, partnership.partnerId);
      const codes = profiles[partnership.partnerId]?.certifications?.[vendor.id];
      const results: Results = {
        revenueMinor: pairRevenue(performance, sellThrough, key, partnership.currency),
        certifications: codes?.verified?.length ?? 0,
        unverifiedCertifications: codes?.unverified?.length ?? 0,
        wonDeals: Number(performance[key]?.wonDeals ?? 0) || 0,
      };
      const tier = qualifyingTier(
        tiers.filter((t) => t.programId === partnership.programId),
        results,
      );
      if (!tier || tier.id === partnership.tierId) continue;
      const reason =
        `evaluateTiers: verified revenue ${formatMinor(results.revenueMinor, partnership.currency)} ${partnership.currency}, ` +
        `${plural(results.certifications, 'verified certification', 'verified certifications')}` +
        (results.unverifiedCertifications ? ` (${results.unverifiedCertifications} unverified, not counted)` : '') +
        `, ${plural(results.wonDeals, 'won deal', 'won deals')}`;
      const changedAt = await recordTierChange(manager, partnership, tier.id, reason, identity.subject);
      changes.push({ partnership: { ...partnership, tierId: tier.id }, fromTierId: partnership.tierId, toTierId: tier.id, reason, changedAt });
    }
    return { evaluated: partnerships.length, changes };
  });
}
