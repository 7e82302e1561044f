import type { Caller } from '../../../common/scope';

/** The vendor's answer to dealRegistration, asked as the registering partner. */
export interface DealRegistrationFacts {
  /** The partner has an ACTIVE partnership with the vendor. */
  enrolled: boolean;
  /** Protection period of that partnership's program. */
  protectionDays: number | null;
  /** Each product's vendor id, null when there is no such product. */
  productVendors: Record<string, string | null>;
  /** The vendor's named direct account with that (normalized) domain. */
  directAccount: { customerName: string } | null;
  /** An active agreement between the vendor and the distributor; null when no distributor was named. */
  distributorCarries: boolean | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Asks the vendor subgraph; an answer it cannot read counts as "not enrolled" (fail closed). */
export async function askDealRegistration(
  caller: Caller,
  input: { vendorId: string; productIds: string[]; customerDomain: string; distributorId: string | null },
): Promise<DealRegistrationFacts> {
  const answer = await caller.ask<unknown>('vendor', 'dealRegistration', input);
  if (!isRecord(answer)) return { enrolled: false, protectionDays: null, productVendors: {}, directAccount: null, distributorCarries: null };
  const products = isRecord(answer.productVendors) ? answer.productVendors : {};
  const productVendors: Record<string, string | null> = {};
  for (const [id, vendor] of Object.entries(products)) productVendors[id.toLowerCase()] = typeof vendor === 'string' ? vendor.toLowerCase() : null;
  const direct = isRecord(answer.directAccount) && typeof answer.directAccount.customerName === 'string' && answer.directAccount.customerName.trim() !== ''
    ? { customerName: answer.directAccount.customerName.trim() }
    : null;
  return {
    enrolled: answer.enrolled === true,
    protectionDays: typeof answer.protectionDays === 'number' && Number.isInteger(answer.protectionDays) && answer.protectionDays >= 1 && answer.protectionDays <= 3650 ? answer.protectionDays : null,
    productVendors,
    directAccount: direct,
    distributorCarries: typeof answer.distributorCarries === 'boolean' ? answer.distributorCarries : null,
  };
}

/** Asks the distributor subgraph whether it serves the calling partner for that vendor (an ACTIVE network membership). */
export async function askServesPartner(caller: Caller, input: { distributorId: string; vendorId: string }): Promise<boolean> {
  const answer = await caller.ask<unknown>('distributor', 'servesPartner', input);
  return isRecord(answer) && answer.serves === true;
}
