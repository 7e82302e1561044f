import type { Snapshot } from '../../../common/audit';
import { formatMinor } from '../../../common/money';

/** What a decision's change shows of a lead (the demo seed writes its history with the same functions). */
export interface LeadState {
  status: string;
  partnerId: string | null;
  distributorId: string | null;
  acceptBy: Date | string | null;
  reason: string | null;
  dealId: string | null;
}

/** What the history shows of a lead: never its contact details, which an assignee may not read before it accepts. */
export function leadSnapshot(lead: LeadState): Snapshot {
  return {
    status: lead.status,
    partnerId: lead.partnerId,
    distributorId: lead.distributorId,
    acceptBy: lead.acceptBy ? new Date(lead.acceptBy).toISOString() : null,
    reason: lead.reason,
    dealId: lead.dealId,
  };
}

export interface CreatedLead {
  externalRef: string | null;
  companyName: string;
  companyDomain: string;
  productIds: string[];
  estimatedAmountMinor: bigint | number | null;
  currency: string | null;
  source: string | null;
  region: string | null;
}

/** The CREATED change of a lead. */
export function createdLeadSnapshot(lead: CreatedLead): Snapshot {
  return {
    status: 'NEW',
    externalRef: lead.externalRef,
    companyName: lead.companyName,
    companyDomain: lead.companyDomain,
    productIds: lead.productIds.length ? lead.productIds.join(',') : null,
    estimatedAmount: lead.estimatedAmountMinor === null ? null : `${formatMinor(lead.estimatedAmountMinor, lead.currency!)} ${lead.currency}`,
    source: lead.source,
    region: lead.region,
  };
}
