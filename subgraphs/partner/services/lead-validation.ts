import { BadUserInputError } from '../../../common/errors';
import { requiredDomain } from '../../../common/domain';
import { requiredId, requiredText } from '../../../common/validation';
import type { NewLead } from '../repositories/lead-writes';
import { positiveMoney, type MoneyInput } from './validation';

export interface LeadInput {
  externalRef?: string | null;
  companyName: string;
  companyDomain: string;
  contactName: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  productIds?: string[] | null;
  estimatedAmount?: MoneyInput | null;
  source?: string | null;
  region?: string | null;
}

/** Who a lead goes to: exactly one organization (a member of it, Lead.owner, comes with the people work). */
export interface LeadAssigneeInput {
  partnerId?: string | null;
  distributorId?: string | null;
}

export const MAX_IMPORT = 1000;
export const MAX_PRODUCTS_OF_INTEREST = 50;
export const MAX_ACCEPTANCE_HOURS = 720;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;

const optionalText = (field: string, value: string | null | undefined, max = 200): string | null =>
  value === null || value === undefined || value.trim() === '' ? null : requiredText(field, value, max);

/** A lead as given, checked and normalized, each problem named by its field under `prefix` (input, leads[3], …). */
export function validateLead(prefix: string, vendorId: string, input: LeadInput): NewLead {
  const contactEmail = optionalText(`${prefix}.contactEmail`, input.contactEmail, 254);
  if (contactEmail !== null && !EMAIL.test(contactEmail))
    throw new BadUserInputError(`${prefix}.contactEmail`, `"${contactEmail}" is not an e-mail address such as jane@acme.com.`);
  const contactPhone = optionalText(`${prefix}.contactPhone`, input.contactPhone, 40);
  if (contactPhone !== null && !PHONE.test(contactPhone))
    throw new BadUserInputError(`${prefix}.contactPhone`, `"${contactPhone}" is not a phone number (digits, spaces, + ( ) . / -).`);
  const productIds = input.productIds ?? [];
  if (productIds.length > MAX_PRODUCTS_OF_INTEREST)
    throw new BadUserInputError(`${prefix}.productIds`, `must name at most ${MAX_PRODUCTS_OF_INTEREST} products, got ${productIds.length}.`);
  const products = [...new Set(productIds.map((id, index) => requiredId(`${prefix}.productIds[${index}]`, id)))];
  const amount = input.estimatedAmount ? positiveMoney(`${prefix}.estimatedAmount`, input.estimatedAmount) : null;
  return {
    vendorId,
    externalRef: optionalText(`${prefix}.externalRef`, input.externalRef),
    companyName: requiredText(`${prefix}.companyName`, input.companyName),
    companyDomain: requiredDomain(`${prefix}.companyDomain`, input.companyDomain),
    contactName: requiredText(`${prefix}.contactName`, input.contactName),
    contactEmail,
    contactPhone,
    productIds: products,
    estimatedAmountMinor: amount?.minor ?? null,
    currency: amount?.currency ?? null,
    source: optionalText(`${prefix}.source`, input.source),
    region: optionalText(`${prefix}.region`, input.region, 100),
  };
}

/** Exactly one assignee, as an id. */
export function validateAssignee(to: LeadAssigneeInput): { partnerId: string | null; distributorId: string | null } {
  const partnerId = to.partnerId === null || to.partnerId === undefined ? null : requiredId('to.partnerId', to.partnerId);
  const distributorId = to.distributorId === null || to.distributorId === undefined ? null : requiredId('to.distributorId', to.distributorId);
  if ((partnerId === null) === (distributorId === null)) throw new BadUserInputError('to', 'must name exactly one of partnerId and distributorId.');
  return { partnerId, distributorId };
}

export function acceptanceHours(field: string, hours: number): number {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_ACCEPTANCE_HOURS)
    throw new BadUserInputError(field, `must be a whole number of hours from 1 to ${MAX_ACCEPTANCE_HOURS} (30 days), got ${hours}.`);
  return hours;
}
