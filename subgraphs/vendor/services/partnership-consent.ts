import type { DataSource, EntityManager } from 'typeorm';
import { recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { organizationOf, type Identity } from '../../../common/identity';
import { requireAction, type Action } from '../../../common/permissions';
import { formatMinor } from '../../../common/money';
import { idOrNull } from '../../../common/validation';
import type { Partnership } from '../entities';
import type { PartnershipStatus } from '../entities/partnership';
import {
  insertPartnership,
  lockPartnershipInScope,
  partnershipById,
  partnershipOf,
  programForApplication,
  reopenPartnership,
  setPartnershipStatus,
  type PartnershipTerms,
} from '../repositories/partnerships';
import { tierOfRank } from '../repositories/programs';
import { ownPartnershipScope } from '../scope';
import { optionalText } from './input';

/**
 * Consent on partnerships (DESIGN §7). Who may do what, from which status:
 *
 * | act                 | vendor                | partner               | to         |
 * |---------------------|-----------------------|-----------------------|------------|
 * | enrollPartner       | (none) → INVITED      |                       | INVITED    |
 * | applyToProgram      |                       | (none) → PENDING      | PENDING    |
 * | acceptPartnership   |                       | INVITED               | ACTIVE     |
 * | approvePartnership  | PENDING               |                       | ACTIVE     |
 * | declinePartnership  | PENDING               | INVITED               | DECLINED   |
 * | suspendPartnership  | ACTIVE                |                       | SUSPENDED  |
 * | resumePartnership   | SUSPENDED             |                       | ACTIVE     |
 * | endPartnership      | INVITED … SUSPENDED   | INVITED … SUSPENDED   | TERMINATED |
 *
 * Each side answers the other's act: only the partner makes an invitation ACTIVE, only the vendor an application.
 * Suspension is the vendor's (a program pause: its deals, incentives and MDF stop); a partner that wants out ends the
 * partnership, as the vendor may. DECLINED and TERMINATED are closed: a new invitation or application opens the same
 * row again, its history continuing. Every act is one transaction: the row locked in the caller's scope, its version
 * checked (expectedVersion), the move checked against this table, the change recorded in the audit trail.
 */

export type PartnershipAct =
  'acceptPartnership' | 'approvePartnership' | 'declinePartnership' | 'suspendPartnership' | 'resumePartnership' | 'endPartnership';

const OPEN: PartnershipStatus[] = ['INVITED', 'PENDING', 'ACTIVE', 'SUSPENDED'];

const MOVES: Record<PartnershipAct, { action: string; to: PartnershipStatus; from: { VENDOR: PartnershipStatus[]; PARTNER: PartnershipStatus[] } }> =
  {
    acceptPartnership: { action: 'ACCEPTED', to: 'ACTIVE', from: { VENDOR: [], PARTNER: ['INVITED'] } },
    approvePartnership: { action: 'APPROVED', to: 'ACTIVE', from: { VENDOR: ['PENDING'], PARTNER: [] } },
    declinePartnership: { action: 'DECLINED', to: 'DECLINED', from: { VENDOR: ['PENDING'], PARTNER: ['INVITED'] } },
    suspendPartnership: { action: 'SUSPENDED', to: 'SUSPENDED', from: { VENDOR: ['ACTIVE'], PARTNER: [] } },
    resumePartnership: { action: 'RESUMED', to: 'ACTIVE', from: { VENDOR: ['SUSPENDED'], PARTNER: [] } },
    endPartnership: { action: 'ENDED', to: 'TERMINATED', from: { VENDOR: OPEN, PARTNER: OPEN } },
  };

/** What to do instead, for a move the table refuses. */
function refusal(act: PartnershipAct, role: 'VENDOR' | 'PARTNER', partnership: Partnership): ConflictError {
  const { id, status } = partnership;
  const hint: Record<string, string> = {
    'VENDOR:INVITED': 'the partner accepts or declines your invitation; you may withdraw it with endPartnership',
    'PARTNER:PENDING': 'the vendor approves or declines your application; you may withdraw it with endPartnership',
    'VENDOR:PENDING': 'decide the application with approvePartnership or declinePartnership',
    'PARTNER:INVITED': 'answer the invitation with acceptPartnership or declinePartnership',
    'VENDOR:ACTIVE': 'it is active: suspendPartnership or endPartnership change it',
    'PARTNER:ACTIVE': 'it is active: endPartnership ends it',
    'VENDOR:SUSPENDED': 'resumePartnership or endPartnership change it',
    'PARTNER:SUSPENDED': 'the vendor resumes it; endPartnership ends it',
  };
  const next = hint[`${role}:${status}`] ?? 'it is closed: a new invitation (enrollPartner) or application (applyToProgram) opens it again';
  return new ConflictError(`Partnership ${id} is ${status}, so it cannot be moved by ${act}: ${next}.`);
}

export const snapshotOf = (p: Partnership): Snapshot => ({
  status: p.status,
  programId: p.programId,
  tierId: p.tierId,
  salesMotion: p.salesMotion,
  targetRevenue: p.targetRevenueMinor === null ? null : `${formatMinor(p.targetRevenueMinor, p.currency)} ${p.currency}`,
});

/** expectedVersion: a positive whole number (the version the caller read). */
function expectedVersionOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new BadUserInputError('expectedVersion', 'must be the version you read (a whole number from 1); read the partnership again.');
  return value;
}

/** One act on a partnership of the caller's side: locked, version and move checked, moved, recorded. */
export async function actOnPartnership(
  ds: DataSource,
  identity: Identity,
  act: PartnershipAct,
  args: { id: string; expectedVersion: number; reason?: string | null },
): Promise<Partnership> {
  requireAction(identity, act as Action);
  const role = identity.role as 'VENDOR' | 'PARTNER';
  const expectedVersion = expectedVersionOf(args.expectedVersion);
  const reason =
    act === 'declinePartnership' || act === 'suspendPartnership' || act === 'endPartnership' ? optionalText('reason', args.reason) : null;
  const org = organizationOf(identity);
  const id = idOrNull(args.id);
  return ds.transaction(async (manager) => {
    // the caller's own side: a vendor's, narrowed by person (a partner manager acts on the partnerships assigned to it)
    const partnership = id && org ? await lockPartnershipInScope(manager, id, ownPartnershipScope(identity)) : null;
    if (!partnership) throw new NotFoundError('Partnership', args.id);
    if (partnership.version !== expectedVersion)
      throw new ConflictError(
        `Partnership ${partnership.id} is at version ${partnership.version}, not ${expectedVersion}: it changed since you read it (now ${partnership.status}); read it again and decide.`,
      );
    const move = MOVES[act];
    if (!move.from[role].includes(partnership.status)) throw refusal(act, role, partnership);
    await setPartnershipStatus(manager, partnership.id, move.to);
    const after = await partnershipById(manager, partnership.id);
    await recordChange(manager, identity, {
      entityType: 'Partnership',
      entityId: partnership.id,
      action: move.action,
      before: { status: partnership.status },
      after: reason ? { status: after.status, reason } : { status: after.status },
    });
    return after;
  });
}

/** Opens the (vendor, partner) partnership INVITED or PENDING, or reopens a closed one; CONFLICT while one is open. */
export async function openPartnership(
  manager: EntityManager,
  identity: Identity,
  terms: PartnershipTerms,
  status: 'INVITED' | 'PENDING',
  alreadyOpen: (existing: Partnership) => ConflictError,
): Promise<Partnership> {
  const action = status === 'INVITED' ? 'INVITED' : 'APPLIED';
  const existing = await partnershipOf(manager, terms.vendorId, terms.partnerId);
  let id: string | null;
  let before: Snapshot | null = null;
  if (existing) {
    if (!(await reopenPartnership(manager, existing.id, terms, status))) throw alreadyOpen(existing);
    ({ id } = existing);
    before = { status: existing.status };
  } else {
    id = await insertPartnership(manager, terms, status);
    // opened by a concurrent call between the read above and this insert
    if (!id) throw alreadyOpen((await partnershipOf(manager, terms.vendorId, terms.partnerId))!);
  }
  const partnership = await partnershipById(manager, id);
  await recordChange(manager, identity, { entityType: 'Partnership', entityId: id, action, before, after: snapshotOf(partnership) });
  return partnership;
}

/** applyToProgram: the partner asks to join a vendor's program (the program id the vendor gave it); PENDING until the vendor decides. */
export async function applyToProgram(ds: DataSource, identity: Identity, args: { programId: string; salesMotion: string }): Promise<Partnership> {
  requireAction(identity, 'applyToProgram');
  const partnerId = organizationOf(identity);
  const programId = idOrNull(args.programId);
  return ds.transaction(async (manager) => {
    const program = programId && partnerId ? await programForApplication(manager, programId) : null;
    if (!program) throw new NotFoundError('PartnerProgram', args.programId);
    const entry = await tierOfRank(manager, program.id, 1);
    const terms: PartnershipTerms = {
      vendorId: program.vendorId,
      partnerId: partnerId!,
      programId: program.id,
      tierId: entry?.id ?? null,
      salesMotion: args.salesMotion,
      targetRevenueMinor: null,
      currency: program.currency,
    };
    return openPartnership(manager, identity, terms, 'PENDING', (existing) =>
      existing.status === 'INVITED'
        ? new ConflictError(
            `This vendor has invited you already (partnership ${existing.id}): answer it with acceptPartnership or declinePartnership.`,
          )
        : new ConflictError(`You already have a partnership with this vendor (partnership ${existing.id}, ${existing.status}).`),
    );
  });
}
