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
  updateOwnMembership,
  type MembershipChanges,
} from '../repositories/network-memberships';
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

/** The vendor subgraph's answer to networkEligibility, for the calling distributor. */
type NetworkEligibility = AnswerOf<typeof networkEligibility>;

/** A distributor's network: who joins it for which vendor line, on which credit terms. */
export class NetworkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
  ) {}

  /** addNetworkMember: an ACTIVE membership of the caller's network, joined now. */
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
    if (existing) throw alreadyMember(existing);
    const eligibility = await this.eligibility(partnerId, vendorId);
    if (!eligibility.carried) {
      throw new BadUserInputError(
        'input.vendorId',
        `${distributor.slug} does not carry that vendor; partners join your network only for vendor lines you carry under an active distribution agreement.`,
      );
    }
    if (!eligibility.partnerEnrolled) {
      throw new BadUserInputError(
        'input.partnerId',
        'that partner is not actively enrolled with the vendor; it can join your network for this line once the vendor has enrolled it.',
      );
    }

    return this.dataSource.transaction(async (manager) => {
      const created = await insertMembership(manager, {
        distributorId: distributor.id,
        partnerId,
        vendorId,
        creditLimitMinor: limit?.minor ?? null,
        currency: limit?.currency ?? null,
        paymentTermsDays: terms,
      });
      if (created) return created;
      // Added by a concurrent call between the check above and this insert.
      const winner = await findMembership(manager, distributor.id, partnerId, vendorId);
      throw alreadyMember(winner);
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
    if (changes.status === 'ACTIVE' && current.status !== 'ACTIVE') await this.checkReactivation(distributor, current);

    return this.dataSource.transaction(async (manager) => {
      const updated = await updateOwnMembership(manager, distributor.id, id, changes);
      if (!updated) throw new NotFoundError('Network membership', input.id);
      return updated;
    });
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

function alreadyMember(existing: NetworkMembership | null): ConflictError {
  const which = existing ? ` (membership ${existing.id}, ${existing.status})` : '';
  return new ConflictError(
    `That partner is already in your network for this vendor line${which}: it is already in your network; use updateNetworkMember to change its credit terms or status.`,
  );
}
