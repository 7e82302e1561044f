import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import type { Caller } from '../../../common/scope';
import type { Partnership } from '../entities';
import { changeTier, lockPartnershipInScope, openInvitationCount, partnershipById } from '../repositories/partnerships';
import { ownPartnershipScope } from '../scope';
import { openPartnership } from './partnership-consent';
import { ownProgram, tierOfProgram, tierOfRank } from '../repositories/programs';
import { actingVendor, requireVendor } from './actor';
import { idOrNull, requiredText } from '../../../common/validation';
import { TEXT_MAX, amountIn, type MoneyInput } from './input';

export interface EnrollPartnerInput {
  partnerId: string;
  programId: string;
  tierId?: string | null;
  salesMotion: string;
  targetRevenue?: MoneyInput | null;
}

const alreadyEnrolled = (existing: Partnership) =>
  new ConflictError(
    `That partner already has a partnership with you (partnership ${existing.id}, ${existing.status}): change that partnership instead of inviting it again.`,
  );

/** Open invitations a vendor may have at once: an invitation to an id nobody answers stays open until withdrawn. */
export const MAX_OPEN_INVITATIONS = 500;

/**
 * enrollPartner: invites a partner, named by its id, into one of the vendor's programs, at the given tier of that
 * program or its entry tier (rank 1): an INVITED partnership the partner accepts or declines (partnership-consent.ts).
 * Nothing confirms the unseen (DESIGN §7): the partner subgraph is not asked whether the id is a partner, so the
 * answer for an unknown id is the same INVITED partnership as for a known one, and no answer depends on the
 * partner's relationships with anyone else; the vendor learns who the partner is only when the partner answers.
 * One partnership per vendor and partner: a DECLINED or TERMINATED one is opened again.
 */
export async function enrollPartner(ds: DataSource, caller: Caller, input: EnrollPartnerInput): Promise<Partnership> {
  const { identity } = caller;
  const action = 'enroll partners';
  requireVendor(identity, action);
  const partnerId = idOrNull(input.partnerId);
  if (!partnerId)
    throw new BadUserInputError('input.partnerId', `${input.partnerId} is not an id: give the id of the partner organization you invite.`);
  const tierGiven = input.tierId !== null && input.tierId !== undefined;
  const tierId = tierGiven ? idOrNull(input.tierId) : null;

  return ds.transaction(async (manager) => {
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
    if ((await openInvitationCount(manager, vendor.id)) >= MAX_OPEN_INVITATIONS)
      throw new ConflictError(
        `You have ${MAX_OPEN_INVITATIONS} invitations nobody has answered yet: withdraw some (endPartnership) before inviting more partners.`,
      );
    const terms = {
      vendorId: vendor.id,
      partnerId,
      programId: program.id,
      tierId: tier?.id ?? null,
      salesMotion: input.salesMotion,
      targetRevenueMinor,
      currency: vendor.currency,
    };
    return openPartnership(manager, identity, terms, 'INVITED', alreadyEnrolled);
  });
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
    // the vendor must exist (actingVendor); the partnership is its own, narrowed by person
    await actingVendor(manager, identity, action);
    const id = idOrNull(args.partnershipId);
    // the vendor's own, narrowed by person (a partner manager sets the tiers of the partnerships assigned to it)
    const partnership = id ? await lockPartnershipInScope(manager, id, ownPartnershipScope(identity)) : null;
    if (!partnership) throw new NotFoundError('Partnership', args.partnershipId);
    const tierId = idOrNull(args.tierId);
    const tier = tierId ? await tierOfProgram(manager, tierId, partnership.programId) : null;
    if (!tier)
      throw new BadUserInputError(
        'tierId',
        `is not a tier of this partnership's program: give one of the tiers of program ${partnership.programId}.`,
      );
    if (partnership.status === 'TERMINATED' || partnership.status === 'DECLINED')
      throw new ConflictError(`Partnership ${partnership.id} is ${partnership.status}: its tier can no longer change.`);
    if (partnership.tierId === tier.id) throw new BadUserInputError('tierId', `the partnership is already at tier "${tier.name}".`);
    await changeTier(manager, partnership, tier.id, reason, identity.subject);
    return partnershipById(manager, partnership.id);
  });
}
