import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import type { Caller } from '../../../common/scope';
import type { Partnership } from '../entities';
import { changeTier, insertPartnership, lockPartnership, partnershipById, partnershipOf } from '../repositories/partnerships';
import { ownProgram, tierOfProgram, tierOfRank } from '../repositories/programs';
import { actingVendor, requireVendor } from './actor';
import { idOrNull, requiredText } from '../../../common/validation';
import { TEXT_MAX, amountIn, type MoneyInput } from './input';
import { partnerExists } from '../../../common/procedures/partner';

export interface EnrollPartnerInput {
  partnerId: string;
  programId: string;
  tierId?: string | null;
  salesMotion: string;
  targetRevenue?: MoneyInput | null;
}

const alreadyEnrolled = (partnerId: string, status?: string) =>
  new ConflictError(
    `Partner ${partnerId} is already enrolled with you${status ? ` (partnership ${status})` : ''}: change that partnership instead of enrolling it again.`,
  );

/**
 * enrollPartner: an ACTIVE partnership of an existing partner (asked of the partner subgraph) in one of the vendor's
 * programs, at the given tier of that program or its entry tier (rank 1). One partnership per vendor and partner.
 */
export async function enrollPartner(ds: DataSource, caller: Caller, input: EnrollPartnerInput): Promise<Partnership> {
  const { identity } = caller;
  const action = 'enroll partners';
  requireVendor(identity, action);
  const partnerId = idOrNull(input.partnerId);
  const unknownPartner = () =>
    new BadUserInputError('input.partnerId', `no partner ${input.partnerId} exists: give the id of a partner organization.`);
  if (!partnerId) throw unknownPartner();
  const tierGiven = input.tierId !== null && input.tierId !== undefined;
  const tierId = tierGiven ? idOrNull(input.tierId) : null;

  // What needs the vendor's rows, read before asking the partner subgraph (no transaction held open across the call).
  const checked = await (async (manager = ds.manager) => {
    const vendor = await actingVendor(manager, identity, action);
    const targetRevenueMinor = input.targetRevenue ? amountIn('input.targetRevenue', input.targetRevenue, vendor.currency) : null;
    const programId = idOrNull(input.programId);
    const program = programId ? await ownProgram(manager, programId, vendor.id) : null;
    if (!program) throw new NotFoundError('PartnerProgram', input.programId);
    const tier = tierGiven ? (tierId ? await tierOfProgram(manager, tierId, program.id) : null) : await tierOfRank(manager, program.id, 1);
    if (tierGiven && !tier)
      throw new BadUserInputError(
        'input.tierId',
        `is not a tier of the program "${program.name}": give one of its tiers, or leave it out for the entry tier.`,
      );
    const existing = await partnershipOf(manager, vendor.id, partnerId);
    if (existing) throw alreadyEnrolled(partnerId, existing.status);
    return { vendor, program, tier, targetRevenueMinor };
  })();

  const { exists } = await caller.ask('partner', partnerExists, { partnerId });
  if (!exists) throw unknownPartner();

  try {
    return await ds.transaction(async (manager) => {
      const id = await insertPartnership(manager, {
        vendorId: checked.vendor.id,
        partnerId,
        programId: checked.program.id,
        tierId: checked.tier?.id ?? null,
        salesMotion: input.salesMotion,
        targetRevenueMinor: checked.targetRevenueMinor,
        currency: checked.vendor.currency,
      });
      return partnershipById(manager, id);
    });
  } catch (error) {
    if (isUniqueViolation(error, ['partnerships_vendor_partner_key'])) throw alreadyEnrolled(partnerId);
    throw error;
  }
}

/**
 * setPartnershipTier: moves one of the vendor's partnerships (others' → NOT_FOUND) to another tier of its program and
 * records the change (who, when, from, to, why) in partnership_tier_changes. The partnership row is locked, so
 * concurrent changes are recorded one after the other, each with the tier it really left.
 */
export async function setPartnershipTier(
  ds: DataSource,
  identity: Identity,
  args: { partnershipId: string; tierId: string; reason: string },
): Promise<Partnership> {
  const action = 'set partnership tiers';
  requireVendor(identity, action);
  const reason = requiredText('reason', args.reason, TEXT_MAX, true);
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, action);
    const id = idOrNull(args.partnershipId);
    const partnership = id ? await lockPartnership(manager, id, vendor.id) : null;
    if (!partnership) throw new NotFoundError('Partnership', args.partnershipId);
    const tierId = idOrNull(args.tierId);
    const tier = tierId ? await tierOfProgram(manager, tierId, partnership.programId) : null;
    if (!tier)
      throw new BadUserInputError(
        'tierId',
        `is not a tier of this partnership's program: give one of the tiers of program ${partnership.programId}.`,
      );
    if (partnership.status === 'TERMINATED') throw new ConflictError(`Partnership ${partnership.id} is TERMINATED: its tier can no longer change.`);
    if (partnership.tierId === tier.id) throw new BadUserInputError('tierId', `the partnership is already at tier "${tier.name}".`);
    await changeTier(manager, partnership, tier.id, reason, identity.subject);
    return partnershipById(manager, partnership.id);
  });
}
