import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../../common/errors';
import { formatMinor } from '../../../common/money';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import type { Lead } from '../entities/lead';
import { appendDealEvent, findRegistrant, insertDeal } from '../repositories/deal-writes';
import { checkRegistration, DEFAULT_PROTECTION_DAYS, validateRegistration, type RegisterDealInput } from './deal-registration';
import { leadVersion, type LeadService } from './leads';
import type { MoneyInput } from './validation';

/** What the partner adds to the lead to register it; everything else is prefilled from the lead. */
export interface ConvertLeadInput {
  expectedCloseDate: string;
  /** Default: one of each product of interest. */
  lines?: { productId: string; quantity: number }[] | null;
  /** Default: the lead's estimated amount. */
  amount?: MoneyInput | null;
  /** Default: the lead's company name. */
  customerName?: string | null;
  /** Default: the distributor the lead came through, if any. */
  distributorId?: string | null;
}

/** The registration a lead prefills: its company, domain, products of interest, estimate, and the distributor it came through. */
export function prefilledRegistration(lead: Lead, input: ConvertLeadInput): RegisterDealInput {
  const lines = input.lines ?? lead.productIds.map((productId) => ({ productId, quantity: 1 }));
  if (!lines.length) throw new BadUserInputError('input.lines', 'the lead names no products of interest: give the lines of the deal.');
  let amount = input.amount ?? null;
  if (!amount && lead.estimatedAmountMinor !== null)
    amount = { amount: formatMinor(lead.estimatedAmountMinor, lead.currency!.trim()), currency: lead.currency!.trim() };
  if (!amount) throw new BadUserInputError('input.amount', 'the lead has no estimated amount: give the amount of the deal.');
  return {
    vendorId: lead.vendorId,
    customerName: input.customerName ?? lead.companyName,
    customerDomain: lead.companyDomain,
    lines,
    amount,
    expectedCloseDate: input.expectedCloseDate,
    distributorId: input.distributorId === undefined ? lead.distributorId : input.distributorId,
  };
}

/**
 * convertLead: the partner holding an ACCEPTED lead registers it as a deal. The registration goes through registerDeal's
 * validation and checks (enrollment, products, distributor), then one transaction with the lead locked: the deal
 * (SUBMITTED, linked to the lead), the lead CONVERTED (linked to the deal), both histories. The database holds the
 * rest: a lead is CONVERTED exactly when it has its deal (CHECK), and gives at most one (deals.lead_id UNIQUE); the
 * row lock makes a concurrent conversion wait and then find the lead CONVERTED (CONFLICT).
 */
export class LeadConversionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly leads: LeadService,
  ) {}

  async convert(id: string, expectedVersion: number, input: ConvertLeadInput): Promise<Lead> {
    const { identity } = this.caller;
    requireAction(identity, 'convertLead');
    const version = leadVersion(expectedVersion);
    const lead = await this.leads.visible(id);
    this.leads.requireHolder(lead);
    if (lead.status !== 'ACCEPTED') throw new ConflictError(`Lead ${lead.id} is ${lead.status}: only an ACCEPTED lead can be converted.`);
    const registration = validateRegistration(prefilledRegistration(lead, input));
    const partnerId = lead.partnerId!;
    const registrant = await findRegistrant(this.dataSource.manager, partnerId);
    if (!registrant) throw new ForbiddenError('Your organization is not a registered partner, so it cannot register deals.');
    const facts = await checkRegistration(this.caller, registrant, registration);
    return this.leads.decide(id, version, async (current, manager) => {
      if (current.status !== 'ACCEPTED') throw new ConflictError(`Lead ${current.id} is ${current.status}: only an ACCEPTED lead can be converted.`);
      const dealId = await insertDeal(manager, {
        ...registration,
        partnerId,
        protectionDays: facts.protectionDays ?? DEFAULT_PROTECTION_DAYS,
        directAccountName: facts.directAccount?.customerName ?? null,
        directSegmentRuleId: facts.directSegment?.ruleId ?? null,
        requestHash: null,
        leadId: current.id,
        // the lead's owner keeps it as a deal; a lead nobody owned yet becomes the converting member's
        ownerSubject: current.ownerSubject ?? identity.subject,
      });
      await appendDealEvent(
        manager,
        dealId,
        null,
        'SUBMITTED',
        { subject: identity.subject, role: 'PARTNER', organizationId: partnerId },
        'Converted from a lead',
      );
      return { to: 'CONVERTED', action: 'CONVERTED', changes: { dealId } };
    });
  }
}
