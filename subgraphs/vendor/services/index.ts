import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { createIncentive, updateIncentive, type CreateIncentiveInput, type UpdateIncentiveInput } from './incentives';
import { enrollPartner, setPartnershipTier, type EnrollPartnerInput } from './partnerships';
import { createProgram, updateProgram, type CreateProgramInput, type UpdateProgramInput } from './programs';

/** The vendor's mutations for one request's caller; each validates its input, checks rows and writes in one transaction. */
export function createServices(ds: DataSource, caller: Caller) {
  const { identity } = caller;
  return {
    createProgram: (input: CreateProgramInput) => createProgram(ds, identity, input),
    updateProgram: (input: UpdateProgramInput) => updateProgram(ds, identity, input),
    createIncentive: (input: CreateIncentiveInput) => createIncentive(ds, identity, input),
    updateIncentive: (input: UpdateIncentiveInput) => updateIncentive(ds, identity, input),
    enrollPartner: (input: EnrollPartnerInput) => enrollPartner(ds, caller, input),
    setPartnershipTier: (args: { partnershipId: string; tierId: string; reason: string }) => setPartnershipTier(ds, identity, args),
  };
}

export type Services = ReturnType<typeof createServices>;
