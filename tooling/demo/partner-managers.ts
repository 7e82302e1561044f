import type { DemoPartnership } from './catalog';
import { BLUEPEAK, NORTHWIND } from './catalog';

/**
 * The demo's partner managers (DESIGN §6): northwind-cloud's partnerships split between pat and quinn, in the
 * catalog's order, alternating from bluepeak-it (pat's), so harbor-msp is quinn's; atlas-machinery has none.
 */
export const DEMO_PARTNER_MANAGERS: Record<string, readonly string[]> = {
  [NORTHWIND.id]: ['user:pat@northwind-cloud', 'user:quinn@northwind-cloud'],
};

/** partnership id → the subject of its manager, for every demo partnership that has one. */
export function demoPartnershipManagers(partnerships: readonly DemoPartnership[]): Map<string, string> {
  const managers = new Map<string, string>();
  for (const [vendorId, subjects] of Object.entries(DEMO_PARTNER_MANAGERS)) {
    const own = partnerships.filter((p) => p.vendorId === vendorId);
    // bluepeak-it first, so it is pat's whatever the catalog's order
    const ordered = [...own.filter((p) => p.partnerId === BLUEPEAK.id), ...own.filter((p) => p.partnerId !== BLUEPEAK.id)];
    ordered.forEach((p, k) => managers.set(p.id, subjects[k % subjects.length]));
  }
  return managers;
}
