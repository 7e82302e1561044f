import type { DataSource } from 'typeorm';
import { recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { organizationOf } from '../../../common/identity';
import { formatMinor } from '../../../common/money';
import { requireAction } from '../../../common/permissions';
import { networkEligibility } from '../../../common/procedures/vendor';
import type { Caller } from '../../../common/scope';
import { idOrNull, requiredText } from '../../../common/validation';
import type { NetworkMembership } from '../entities';
import type { MembershipStatus } from '../entities/network-membership';
import { lockMembershipOf, setMembershipStatus } from '../repositories/network-memberships';

/**
 * Consent on network memberships (DESIGN §7). Who may do what, from which status:
 *
 * | act                        | distributor            | partner                | to         |
 * |----------------------------|------------------------|------------------------|------------|
 * | addNetworkMember           | (none) → INVITED       |                        | INVITED    |
 * | acceptNetworkMembership    |                        | INVITED                | ACTIVE     |
 * | declineNetworkMembership   |                        | INVITED                | DECLINED   |
 * | suspendNetworkMembership   | ACTIVE                 |                        | SUSPENDED  |
 * | resumeNetworkMembership    | SUSPENDED              |                        | ACTIVE     |
 * | endNetworkMembership       | INVITED … SUSPENDED    | INVITED … SUSPENDED    | TERMINATED |
 *
 * Only the partner makes an invitation ACTIVE, and only while the line is carried and it is ACTIVE with the vendor
 * itself (it knows that; the distributor is not told at invitation time: DESIGN §7, nothing confirms the unseen).
 * A resumption needs the same. Every act: the row locked in the caller's scope, its version checked, the move
 * checked against this table, the change in the audit trail, in one transaction.
 */
export type MembershipAct =
  'acceptNetworkMembership' | 'declineNetworkMembership' | 'suspendNetworkMembership' | 'resumeNetworkMembership' | 'endNetworkMembership';

const OPEN: MembershipStatus[] = ['INVITED', 'ACTIVE', 'SUSPENDED'];

type Side = 'DISTRIBUTOR' | 'PARTNER';
const MOVES: Record<MembershipAct, { action: string; to: MembershipStatus; from: Record<Side, MembershipStatus[]> }> = {
  acceptNetworkMembership: { action: 'ACCEPTED', to: 'ACTIVE', from: { DISTRIBUTOR: [], PARTNER: ['INVITED'] } },
  declineNetworkMembership: { action: 'DECLINED', to: 'DECLINED', from: { DISTRIBUTOR: [], PARTNER: ['INVITED'] } },
  suspendNetworkMembership: { action: 'SUSPENDED', to: 'SUSPENDED', from: { DISTRIBUTOR: ['ACTIVE'], PARTNER: [] } },
  resumeNetworkMembership: { action: 'RESUMED', to: 'ACTIVE', from: { DISTRIBUTOR: ['SUSPENDED'], PARTNER: [] } },
  endNetworkMembership: { action: 'ENDED', to: 'TERMINATED', from: { DISTRIBUTOR: OPEN, PARTNER: OPEN } },
};

const NEXT: Record<string, string> = {
  'DISTRIBUTOR:INVITED': 'the partner accepts or declines your invitation; you may withdraw it with endNetworkMembership',
  'PARTNER:INVITED': 'answer it with acceptNetworkMembership or declineNetworkMembership',
  'DISTRIBUTOR:ACTIVE': 'suspendNetworkMembership or endNetworkMembership change it',
  'PARTNER:ACTIVE': 'endNetworkMembership ends it',
  'DISTRIBUTOR:SUSPENDED': 'resumeNetworkMembership or endNetworkMembership change it',
  'PARTNER:SUSPENDED': 'the distributor resumes it; endNetworkMembership ends it',
};

export function membershipSnapshot(m: NetworkMembership): Snapshot {
  return {
    status: m.status,
    vendorId: m.vendorId,
    creditLimit: m.currency === null || m.creditLimitMinor === null ? null : `${formatMinor(m.creditLimitMinor, m.currency)} ${m.currency}`,
    paymentTermsDays: m.paymentTermsDays === null ? null : String(m.paymentTermsDays),
  };
}

/** The statuses updateNetworkMember may still set (its status argument predates consent): suspend and resume only. */
export function checkStatusChange(current: NetworkMembership, to: MembershipStatus): void {
  const allowed = (current.status === 'ACTIVE' && to === 'SUSPENDED') || (current.status === 'SUSPENDED' && to === 'ACTIVE') || current.status === to;
  if (!allowed)
    throw new ConflictError(
      `Network membership ${current.id} is ${current.status}, so its status cannot be set to ${to}: ${NEXT[`DISTRIBUTOR:${current.status}`] ?? 'it is closed: addNetworkMember invites the partner again'}.`,
    );
}

export class MembershipConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
  ) {}

  async act(act: MembershipAct, args: { id: string; expectedVersion: number; reason?: string | null }): Promise<NetworkMembership> {
    const { identity } = this.caller;
    requireAction(identity, act);
    const side = identity.role as Side;
    if (typeof args.expectedVersion !== 'number' || !Number.isInteger(args.expectedVersion) || args.expectedVersion < 1)
      throw new BadUserInputError('expectedVersion', 'must be the version you read (a whole number from 1); read the membership again.');
    const reason =
      args.reason === null || args.reason === undefined || act === 'acceptNetworkMembership' || act === 'resumeNetworkMembership'
        ? null
        : requiredText('reason', args.reason, 2000, true);
    const org = organizationOf(identity);
    const id = idOrNull(args.id);
    const column = side === 'DISTRIBUTOR' ? 'distributor_id' : 'partner_id';
    const move = MOVES[act];

    // Eligibility is the vendor subgraph's: asked before the transaction (no lock held across the call), checked again
    // by nothing later than the answer; a suspension or an agreement ending after it ends this membership's visibility too.
    const peek = id && org ? await lockMembershipOf(this.dataSource.manager, id, column, org) : null;
    if (!peek) throw new NotFoundError('Network membership', args.id);
    if (move.to === 'ACTIVE' && move.from[side].includes(peek.status)) await this.checkEligible(peek, side);

    return this.dataSource.transaction(async (manager) => {
      const current = await lockMembershipOf(manager, peek.id, column, org!);
      if (!current) throw new NotFoundError('Network membership', args.id);
      if (current.version !== args.expectedVersion)
        throw new ConflictError(
          `Network membership ${current.id} is at version ${current.version}, not ${args.expectedVersion}: it changed since you read it (now ${current.status}); read it again and decide.`,
        );
      if (!move.from[side].includes(current.status))
        throw new ConflictError(
          `Network membership ${current.id} is ${current.status}, so it cannot be moved by ${act}: ${NEXT[`${side}:${current.status}`] ?? 'it is closed: only a new invitation (addNetworkMember) opens it again'}.`,
        );
      const after = await setMembershipStatus(manager, current.id, move.to);
      await recordChange(manager, identity, {
        entityType: 'NetworkMembership',
        entityId: current.id,
        action: move.action,
        before: { status: current.status },
        after: reason ? { status: after.status, reason } : { status: after.status },
      });
      return after;
    });
  }

  /** An ACTIVE membership needs the line carried and the partner ACTIVE with the vendor, asked as the caller. */
  private async checkEligible(membership: NetworkMembership, side: Side): Promise<void> {
    const answer = await this.caller.ask('vendor', networkEligibility, {
      vendorId: membership.vendorId,
      partnerId: membership.partnerId,
      distributorId: membership.distributorId,
    });
    if (!answer.carried)
      throw new ConflictError(
        side === 'PARTNER'
          ? 'This distributor no longer carries that vendor line, so its invitation cannot be accepted; decline it or wait for a new one.'
          : 'You no longer carry that vendor line under an active distribution agreement, so this membership cannot be resumed.',
      );
    if (!answer.partnerEnrolled)
      throw new ConflictError(
        side === 'PARTNER'
          ? "You are not actively enrolled with this invitation's vendor: a network membership for its line needs an ACTIVE partnership with it first (accept or apply to its program)."
          : 'The partner is not actively enrolled with the vendor, so this membership cannot be resumed.',
      );
  }
}
