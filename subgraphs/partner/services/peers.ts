import { servesPartner } from '../../../common/procedures/distributor';
import { dealRegistration, type DealRegistrationFacts } from '../../../common/procedures/vendor';
import type { Caller } from '../../../common/scope';
import type { RequestOf } from '../../../common/procedures/contract';

export type { DealRegistrationFacts };

/** Asks the vendor subgraph what a registration needs, as the registering partner (an answer it cannot read is an internal error). */
export function askDealRegistration(caller: Caller, input: RequestOf<typeof dealRegistration>): Promise<DealRegistrationFacts> {
  return caller.ask('vendor', dealRegistration, input);
}

/** Asks the distributor subgraph whether it serves the calling partner for that vendor (an ACTIVE network membership). */
export async function askServesPartner(caller: Caller, input: { distributorId: string; vendorId: string }): Promise<boolean> {
  return (await caller.ask('distributor', servesPartner, input)).serves;
}
