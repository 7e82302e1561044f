import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import type { Money } from '../../../common/money';
import type { Caller } from '../../../common/scope';
import type { NetworkMembership } from '../entities';
import type { MembershipStatus } from '../entities/network-membership';
import {
  findMembership,
  findOwnMembership,
  insertMembership,
  lockMembershipOf,
  openInvitationCount,
  reopenMembership,
  updateOwnMembership,
  type MembershipChanges,
} from '../repositories/network-memberships';
import { recordChange } from '../../../common/audit';
import { checkStatusChange, membershipSnapshot } from './membership-consent';
import { actingDistributor, type ActingDistributor } from './access';
import { requiredId } from '../../../common/validation';
import { creditLimit, paymentTermsDays } from './validation';
import type { AnswerOf } from '../../../common/procedures/contract';
import { networkEligibility } from '../../../common/procedures/vendor';

export interface AddNetworkMemberInput {
  partnerId: string;
  vendorId: string;
  creditLimit?: Money | null;
  paymentTermsDays?: number | null;
}

export interface UpdateNetworkMemberInput {
  id: string;
  creditLimit?: Money | null;
  paymentTermsDays?: number | null;
  status?: MembershipStatus | null;
}

export interface SetNetworkCreditTermsInput {
  id: string;
  creditLimit?: Money | null;
  paymentTermsDays?: number | null;
}

/** The vendor subgraph's answer to networkEligibility, for the calling distributor. */
type NetworkEligibility = AnswerOf<typeof networkEligibility>;

/** A distributor's network: who joins it for which vendor line, on which credit terms. */
export class NetworkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
  ) {}

  /**
   * addNetworkMember: invites a partner (by its id) into the caller's network for a vendor line it carries: an INVITED
   * membership the partner accepts or declines (membership-consent.ts). Nothing confirms the unseen (DESIGN §7): the
   * answer depends only on the distributor's own rows and agreements, never on whether the id is a partner's or on its
   * partnerships with the vendor (checked when the partner accepts). A DECLINED or TERMINATED membership is reopened.
   */
  async add(input: AddNetworkMemberInput): Promise<NetworkMembership> {
    const distributor = await actingDistributor(this.dataSource, this.caller.identity, 'add partners to a network');
    const partnerId = requiredId('input.partnerId', input.partnerId);
    const vendorId = requiredId('input.vendorId', input.vendorId);
    const limit = input.creditLimit ? creditLimit('input.creditLimit', input.creditLimit) : null;
    const terms =
      input.paymentTermsDays === null || input.paymentTermsDays === undefined
        ? null
        : paymentTermsDays('input.paymentTermsDays', input.paymentTermsDays);

    // The common mistake first, from our own table: the answer needs no peer.
    const existing = await findMembership(this.dataSource.manager, distributor.id, partnerId, vendorId);
    if (existing && !CLOSED.includes(existing.status)) throw alreadyMember(existing);
    // carried is the distributor's own agreement; partnerEnrolled (about the partner and the vendor) is not looked at
    const { carried } = await this.eligibility(partnerId, vendorId);
    if (!carried) {
      throw new BadUserInputError(
        'input.vendorId',
        `${distributor.slug} does not carry that vendor; partners join your network only for vendor lines you carry under an active distribution agreement.`,
      );
    }

    const row = {
      distributorId: distributor.id,
      partnerId,
      vendorId,
      creditLimitMinor: limit?.minor ?? null,
      currency: limit?.currency ?? null,
      paymentTermsDays: terms,
    };
    return this.dataSource.transaction(async (manager) => {
      if ((await openInvitationCount(manager, distributor.id)) >= MAX_OPEN_INVITATIONS)
        throw new ConflictError(
          `You have ${MAX_OPEN_INVITATIONS} invitations nobody has answered yet: withdraw some (endNetworkMembership) before inviting more partners.`,
        );
      const created = existing ? await reopenMembership(manager, existing.id, row) : await insertMembership(manager, row);
      // Added (or reopened) by a concurrent call between the check above and this write.
      if (!created) throw alreadyMember(await findMembership(manager, distributor.id, partnerId, vendorId));
      await recordChange(manager, this.caller.identity, {
        entityType: 'NetworkMembership',
        entityId: created.id,
        action: 'INVITED',
        before: existing ? { status: existing.status } : null,
        after: membershipSnapshot(created),
      });
      return created;
    });
  }

  /** updateNetworkMember: credit terms or status of one of the caller's own memberships. */
  async update(input: UpdateNetworkMemberInput): Promise<NetworkMembership> {
    const distributor = await actingDistributor(this.dataSource, this.caller.identity, 'change network memberships');
    const changes: MembershipChanges = {};
    if (input.creditLimit !== undefined)
      changes.creditLimit = input.creditLimit === null ? null : creditLimit('input.creditLimit', input.creditLimit);
    if (input.paymentTermsDays !== undefined) {
      changes.paymentTermsDays = input.paymentTermsDays === null ? null : paymentTermsDays('input.paymentTermsDays', input.paymentTermsDays);
    }
    if (input.status !== undefined) {
      if (input.status === null)
        throw new BadUserInputError('input.status', 'a membership always has a status: pass ACTIVE or SUSPENDED, or leave status out.');
      changes.status = input.status;
    }
    if (!Object.keys(changes).length) {
      throw new BadUserInputError(
        'input',
        'nothing to change: pass at least one of creditLimit, paymentTermsDays or status (creditLimit: null or paymentTermsDays: null removes them).',
      );
    }

    const id = normalizeId(input.id);
    if (!isUuid(id)) throw new NotFoundError('Network membership', input.id);
    const current = await findOwnMembership(this.dataSource.manager, distributor.id, id);
    if (!current) throw new NotFoundError('Network membership', input.id);
    if (changes.status !== undefined) checkStatusChange(current, changes.status);
    if (changes.status === 'ACTIVE' && current.status !== 'ACTIVE') await this.checkReactivation(distributor, current);

    return this.dataSource.transaction(async (manager) => {
      const locked = await lockMembershipOf(manager, id, 'distributor_id', distributor.id);
      if (!locked) throw new NotFoundError('Network membership', input.id);
      // checked again under the lock: a concurrent act may have moved it since the read above
      if (changes.status !== undefined) checkStatusChange(locked, changes.status);
      const updated = await updateOwnMembership(manager, distributor.id, id, changes);
      if (!updated) throw new NotFoundError('Network membership', input.id);
      const moved = updated.status !== locked.status;
      await recordChange(manager, this.caller.identity, {
        entityType: 'NetworkMembership',
        entityId: id,
        action: moved ? (updated.status === 'SUSPENDED' ? 'SUSPENDED' : 'RESUMED') : 'UPDATED',
        before: membershipSnapshot(locked),
        after: membershipSnapshot(updated),
      });
      return updated;
    });
  }

  /**
   * setNetworkCreditTerms: the credit terms of one of the caller's own memberships and nothing else (no status), so a
   * distributor's CREDIT members change terms without the consent acts an updateNetworkMember call could also make.
   */
  async setCreditTerms(input: SetNetworkCreditTermsInput): Promise<NetworkMembership> {
    if (input.creditLimit === undefined && input.paymentTermsDays === undefined) {
      throw new BadUserInputError(
        'input',
        'nothing to change: pass creditLimit, paymentTermsDays or both (creditLimit: null or paymentTermsDays: null removes them).',
      );
    }
    return this.update({ id: input.id, creditLimit: input.creditLimit, paymentTermsDays: input.paymentTermsDays });
  }

  /** A suspended member comes back only while the line is carried and the partner enrolled: what adding it would require. */
  private async checkReactivation(distributor: ActingDistributor, membership: NetworkMembership): Promise<void> {
    const eligibility = await this.eligibility(membership.partnerId, membership.vendorId);
    if (!eligibility.carried) {
      throw new BadUserInputError('input.status', `${distributor.slug} no longer carries that vendor, so this membership cannot be reactivated.`);
    }
    if (!eligibility.partnerEnrolled) {
      throw new BadUserInputError(
        'input.status',
        'the partner is no longer actively enrolled with the vendor, so this membership cannot be reactivated.',
      );
    }
  }

  /** Asks the vendor subgraph, as the caller. */
  private eligibility(partnerId: string, vendorId: string): Promise<NetworkEligibility> {
    return this.caller.ask('vendor', networkEligibility, { vendorId, partnerId });
  }
}

/** Statuses a new invitation may reopen. */
const CLOSED: MembershipStatus[] = ['DECLINED', 'TERMINATED'];

/** Open invitations a distributor may have at once: an invitation to an id nobody answers stays open until withdrawn. */
export const MAX_OPEN_INVITATIONS = 500;

function alreadyMember(existing: NetworkMembership | null): ConflictError {
  const which = existing ? ` (membership ${existing.id}, ${existing.status})` : '';
  return new ConflictError(
    `That partner is already in your network for this vendor line${which}: use setNetworkCreditTerms to change its credit terms, or the membership's acts (suspend, resume, end) to change its status.`,
  );
}
