import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, ForbiddenError, isUniqueViolation, NotFoundError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import type { Condition } from '../../../common/pagination';
import type { Deal } from '../entities/deal';
import {
  appendDealEvent,
  findDealByIdempotencyKey,
  findDealInScope,
  findRegistrant,
  IDEMPOTENCY_CONSTRAINT,
  insertDeal,
  type Actor,
  type NewDeal,
} from '../repositories/deal-writes';
import { askDealRegistration, askServesPartner, type DealRegistrationFacts } from './peers';
import { requiredId, requiredText } from '../../../common/validation';
import { requiredDomain } from '../../../common/domain';
import { futureDate, MAX_IDEMPOTENCY_KEY, positiveMoney, type MoneyInput } from './validation';

export interface RegisterDealInput {
  vendorId: string;
  customerName: string;
  customerDomain: string;
  lines: { productId: string; quantity: number }[];
  amount: MoneyInput;
  expectedCloseDate: string;
  distributorId?: string | null;
  idempotencyKey?: string | null;
  /** The partner a distributor registers for (DESIGN §8); a partner leaves it out. */
  partnerId?: string | null;
}

export const MAX_LINES = 100;
/** The answer for a distributor the deal cannot be routed through, whatever the reason. */
export const UNROUTABLE =
  'is not a distributor you can route this deal through: it must carry the vendor and have you in its network for it. Leave it out to register the deal directly with the vendor.';
export const MAX_QUANTITY = 100_000;
/** When a program does not say: the default protection period (docs/product.md). */
export const DEFAULT_PROTECTION_DAYS = 90;

export type Registration = Omit<NewDeal, 'partnerId' | 'protectionDays' | 'directAccountName' | 'directSegmentRuleId' | 'requestHash'>;

/** The input checked and normalized, each problem named by its field; nothing is asked of peers yet. */
export function validateRegistration(input: RegisterDealInput): Registration {
  const vendorId = requiredId('input.vendorId', input.vendorId);
  const customerName = requiredText('input.customerName', input.customerName);
  const customerDomain = requiredDomain('input.customerDomain', input.customerDomain);
  if (input.lines.length === 0) throw new BadUserInputError('input.lines', 'must name at least one product.');
  if (input.lines.length > MAX_LINES) throw new BadUserInputError('input.lines', `must have at most ${MAX_LINES} lines, got ${input.lines.length}.`);
  const seen = new Map<string, number>();
  const lines = input.lines.map((line, index) => {
    const productId = requiredId(`input.lines[${index}].productId`, line.productId);
    const earlier = seen.get(productId);
    if (earlier !== undefined)
      throw new BadUserInputError(
        `input.lines[${index}].productId`,
        `repeats the product of input.lines[${earlier}]: put the whole quantity on one line.`,
      );
    seen.set(productId, index);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new BadUserInputError(`input.lines[${index}].quantity`, `must be a whole number from 1 to ${MAX_QUANTITY}, got ${line.quantity}.`);
    }
    return { productId, quantity: line.quantity };
  });
  const { minor: amountMinor, currency } = positiveMoney('input.amount', input.amount);
  const expectedCloseDate = futureDate('input.expectedCloseDate', input.expectedCloseDate);
  const distributorId =
    input.distributorId === null || input.distributorId === undefined ? null : requiredId('input.distributorId', input.distributorId);
  let idempotencyKey: string | null = null;
  if (input.idempotencyKey !== null && input.idempotencyKey !== undefined) {
    idempotencyKey = requiredText('input.idempotencyKey', input.idempotencyKey, MAX_IDEMPOTENCY_KEY);
  }
  return { vendorId, customerName, customerDomain, lines, amountMinor, currency, expectedCloseDate, distributorId, idempotencyKey };
}

/** A digest of what was asked (normalized), so a retry with the same key is told apart from a different request. */
export function requestHash(registration: Registration): string {
  const { idempotencyKey: _key, ...payload } = registration;
  return createHash('sha256')
    .update(JSON.stringify({ ...payload, amountMinor: payload.amountMinor.toString() }))
    .digest('hex');
}

/**
 * What the vendor and the distributor say about a registration for `registrant` (the partner): enrolled with the
 * vendor, its products (not retired), a distributor that carries the vendor and serves the partner. BAD_USER_INPUT
 * naming the field otherwise. Shared by registerDeal and convertLead (lead-conversion.ts).
 */
export async function checkRegistration(
  caller: Caller,
  registrant: { slug: string; region: string; country: string },
  registration: Registration,
  onBehalfOf: string | null = null,
): Promise<DealRegistrationFacts> {
  const { vendorId, distributorId } = registration;
  const [facts, serves] = await Promise.all([
    askDealRegistration(caller, {
      vendorId,
      productIds: registration.lines.map((l) => l.productId),
      customerDomain: registration.customerDomain,
      distributorId,
      ...(onBehalfOf ? { partnerId: onBehalfOf } : {}),
      segment: {
        amountMinor: registration.amountMinor.toString(),
        currency: registration.currency,
        partnerRegion: registrant.region,
        partnerCountry: registrant.country,
      },
    }),
    // a distributor registering for a partner has checked its own network (registerFor)
    distributorId && !onBehalfOf ? askServesPartner(caller, { distributorId, vendorId }) : Promise.resolve(true),
  ]);
  if (!facts.enrolled) throw new BadUserInputError('input.vendorId', `${registrant.slug} has no active partnership with that vendor.`);
  registration.lines.forEach((line, index) => {
    if (facts.productVendors[line.productId] !== vendorId) {
      throw new BadUserInputError(`input.lines[${index}].productId`, `is not a product of that vendor.`);
    }
    if (facts.retiredProducts.includes(line.productId)) {
      throw new BadUserInputError(`input.lines[${index}].productId`, 'the vendor has retired this product: it can no longer be registered.');
    }
  });
  // one answer whether the distributor is missing, does not carry the vendor, or does not have this partner in its
  // network for it: which of these holds is nothing the partner may learn (DESIGN §7, nothing confirms the unseen)
  if (distributorId && (facts.distributorCarries !== true || serves !== true)) throw new BadUserInputError('input.distributorId', UNROUTABLE);

  return facts;
}

/**
 * registerDeal: a partner registers an opportunity for itself. Input first (BAD_USER_INPUT naming the field), then a
 * retry by idempotency key, then the vendor (enrollment, products, direct account, distributor agreement) and the
 * distributor (serves this partner for that vendor), then one transaction: deal, lines, SUBMITTED event.
 */
export class DealRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly scope: Condition,
  ) {}

  async register(input: RegisterDealInput): Promise<Deal> {
    const { identity } = this.caller;
    requireAction(identity, 'registerDeal');
    const registration = validateRegistration(input);
    // DESIGN §8: a distributor registers for a partner of its network (registerFor); a partner for itself
    const onBehalfOf = identity.role === 'DISTRIBUTOR' ? await this.registerFor(input, registration) : null;
    if (!onBehalfOf && input.partnerId !== null && input.partnerId !== undefined)
      throw new BadUserInputError('input.partnerId', 'is for a distributor registering for a partner: a partner registers for itself, leave it out.');
    const partnerId = onBehalfOf ?? identity.organizationId.toLowerCase();
    // Only an id that cannot exist is answered without asking; a database error propagates (retryable), never FORBIDDEN.
    const registrant = isUuid(partnerId) ? await findRegistrant(this.dataSource.manager, partnerId) : null;
    if (!registrant && onBehalfOf) throw new NotFoundError('Partner', input.partnerId!);
    if (!registrant) throw new ForbiddenError('Your organization is not a registered partner, so it cannot register deals.');
    const hash = requestHash(registration);

    // a retry that arrives after the first registration committed: answered without asking anyone
    if (registration.idempotencyKey) {
      const first = await this.replay(partnerId, registration.idempotencyKey, hash);
      if (first) return first;
    }

    const facts = await checkRegistration(this.caller, registrant, registration, onBehalfOf);

    const actor: Actor = { subject: identity.subject, role: identity.role, organizationId: identity.organizationId.toLowerCase() };
    try {
      return await this.dataSource.transaction(async (manager) => {
        const id = await insertDeal(manager, {
          ...registration,
          partnerId,
          protectionDays: facts.protectionDays ?? DEFAULT_PROTECTION_DAYS,
          directAccountName: facts.directAccount?.customerName ?? null,
          directSegmentRuleId: facts.directSegment?.ruleId ?? null,
          requestHash: registration.idempotencyKey ? hash : null,
          registeredByDistributorId: onBehalfOf ? actor.organizationId : null,
          // a partner's member registers as itself (DESIGN §6); a distributor's registration waits for the partner's ADMIN
          ownerSubject: onBehalfOf ? null : identity.subject,
        });
        await appendDealEvent(manager, id, null, 'SUBMITTED', actor, null);
        return (await findDealInScope(manager, id, this.scope))!;
      });
    } catch (error) {
      // a concurrent retry committed first: the constraint decided, the first registration stands
      if (registration.idempotencyKey && isUniqueViolation(error, [IDEMPOTENCY_CONSTRAINT])) {
        const first = await this.replay(partnerId, registration.idempotencyKey, hash);
        if (first) return first;
      }
      throw error;
    }
  }

  /** The first registration made with this key, when it is the same request; CONFLICT when the key was used for another. */
  private async replay(partnerId: string, key: string, hash: string): Promise<Deal | null> {
    const existing = await findDealByIdempotencyKey(this.dataSource.manager, partnerId, key);
    if (!existing) return null;
    if (existing.requestHash !== hash) {
      throw new ConflictError(
        `The idempotency key "${key}" was already used for a different registration (deal ${existing.id}); use a new key for a new registration.`,
      );
    }
    const deal = await findDealInScope(this.dataSource.manager, existing.id, this.scope);
    // the partner's key used by the partner itself (or another distributor): the caller may not learn that deal
    if (!deal) throw new ConflictError(`The idempotency key "${key}" was already used for another registration of that partner; use a new key.`);
    return deal;
  }

  /**
   * A distributor registers for a partner with an ACTIVE membership of its network for that vendor; any other partner
   * reads as unknown (NOT_FOUND, like one that does not exist). The deal runs through the distributor.
   */
  private async registerFor(input: RegisterDealInput, registration: Registration): Promise<string> {
    if (input.partnerId === null || input.partnerId === undefined)
      throw new BadUserInputError('input.partnerId', 'is required: a distributor registers a deal for a partner of its network.');
    const partnerId = requiredId('input.partnerId', input.partnerId);
    const distributorId = this.caller.identity.organizationId.toLowerCase();
    if (registration.distributorId && registration.distributorId !== distributorId)
      throw new BadUserInputError('input.distributorId', 'a distributor registers deals that run through itself: leave it out.');
    registration.distributorId = distributorId;
    // asked afresh, not from the scope cache: a membership suspended a moment ago registers nothing
    const network = (await this.caller.facts('distributor', { fresh: true })).network ?? [];
    if (!network.some((pair) => pair.partnerId === partnerId && pair.vendorId === registration.vendorId))
      throw new NotFoundError('Partner', input.partnerId);
    return partnerId;
  }
}
