import type { Deal as DealRow } from '../entities/deal';
import type { DealOutcome } from '../services/deal-lifecycle';
import type { RegisterDealInput } from '../services/deal-registration';
import type { MoneyInput } from '../services/validation';
import type { Context } from '../context';
import type { Partner as PartnerRow } from '../entities/partner';
import type { Certification as CertificationRow } from '../entities/certification';
import type { RecordCertificationInput } from '../services/certifications';
import type { UpdatePartnerProfileInput } from '../services/partner-profile';

type Decision = { id: string; expectedVersion: number };

/** The deal a mutation returns also answers later references to it in the same response without a second read. */
const primed = (loaders: Context['loaders'], deal: DealRow) => {
  loaders.dealById.clear(deal.id).prime(deal.id, deal);
  return deal;
};

/** Thin: each mutation hands its arguments to a service (services/), which validates, checks scope and writes. */
export const mutationResolvers = {
  Mutation: {
    registerDeal: async (_: unknown, { input }: { input: RegisterDealInput }, { loaders, services }: Context) =>
      primed(loaders, await services.registration.register(input)),
    approveDeal: async (_: unknown, { id, expectedVersion, note }: Decision & { note?: string | null }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.approve(id, expectedVersion, note)),
    rejectDeal: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason: string }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.reject(id, expectedVersion, reason)),
    withdrawDeal: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason?: string | null }, { loaders, services }: Context) =>
      primed(loaders, await services.lifecycle.withdraw(id, expectedVersion, reason)),
    closeDeal: async (
      _: unknown,
      {
        id,
        expectedVersion,
        outcome,
        finalAmount,
        reason,
      }: Decision & { outcome: DealOutcome; finalAmount?: MoneyInput | null; reason?: string | null },
      { loaders, services }: Context,
    ) => primed(loaders, await services.lifecycle.close(id, expectedVersion, outcome, finalAmount, reason)),
    verifyDealRevenue: async (
      _: unknown,
      { id, expectedVersion, amount, note }: Decision & { amount: MoneyInput; note?: string | null },
      { loaders, services }: Context,
    ) => primed(loaders, await services.verification.verify(id, expectedVersion, amount, note)),
    reassignDeal: async (_: unknown, { id, expectedVersion, ownerSubject }: Decision & { ownerSubject: string }, { loaders, services }: Context) =>
      primed(loaders, await services.owners.reassign(id, expectedVersion, ownerSubject)),
    setDealVendorNotes: async (
      _: unknown,
      args: { id: string; expectedVersion?: number | null; notes?: string | null },
      { loaders, services }: Context,
    ) => primed(loaders, await services.setDealVendorNotes(args.id, args.expectedVersion, args.notes)),
    updatePartnerProfile: async (_: unknown, { input }: { input: UpdatePartnerProfileInput }, { loaders, services }: Context) =>
      primedPartner(loaders, await services.updatePartnerProfile(input)),
    recordCertification: async (_: unknown, { input }: { input: RecordCertificationInput }, { loaders, services }: Context) =>
      primedCertification(loaders, await services.recordCertification(input)),
    verifyCertification: async (_: unknown, { id }: { id: string }, { loaders, services }: Context) =>
      primedCertification(loaders, await services.verifyCertification(id)),
  },
};

const primedPartner = (loaders: Context['loaders'], partner: PartnerRow) => {
  loaders.partnerById.clear(partner.id).prime(partner.id, partner);
  return partner;
};

const primedCertification = (loaders: Context['loaders'], certification: CertificationRow) => {
  loaders.certificationById.clear(certification.id).prime(certification.id, certification);
  loaders.certificationsByPartnerId.clear(certification.partnerId);
  return certification;
};
