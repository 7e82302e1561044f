import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { memberDirectory } from '../../../common/members/directory';
import { MEMBER_OWNERS } from '../../../common/members/owners';
import { createAnalytics } from './analytics';
import { createIncentive, updateIncentive, type CreateIncentiveInput, type UpdateIncentiveInput } from './incentives';
import { approveMdf, claimMdf, markMdfPaid, rejectMdf, requestMdf, type RequestMdfInput } from './mdf';
import { enrollPartner, setPartnershipTier, type EnrollPartnerInput } from './partnerships';
import { assignPartnerManager, type AssignPartnerManagerArgs } from './partner-managers';
import { actOnAgreement, offerDistributionAgreement, type AgreementAct, type OfferDistributionAgreementInput } from './agreement-consent';
import { actOnPartnership, applyToProgram, type PartnershipAct } from './partnership-consent';
import { createProgram, updateProgram, type CreateProgramInput, type UpdateProgramInput } from './programs';
import type { MoneyInput } from './input';
import { createProduct, retireProduct, updateProduct, type CreateProductInput, type UpdateProductInput } from './products';
import {
  createDirectAccount,
  endDirectAccount,
  updateDirectAccount,
  type CreateDirectAccountInput,
  type UpdateDirectAccountInput,
} from './direct-accounts';
import {
  createEngagementRule,
  retireEngagementRule,
  updateEngagementRule,
  type CreateEngagementRuleInput,
  type UpdateEngagementRuleInput,
} from './engagement-rules';

/**
 * The vendor context's services for one request's caller: each mutation validates its input, checks rows and writes
 * in one transaction; `analytics` computes figures of other contexts batched per request (peers asked as the caller).
 */
export function createServices(ds: DataSource, caller: Caller) {
  const { identity } = caller;
  return {
    createProgram: (input: CreateProgramInput) => createProgram(ds, identity, input),
    updateProgram: (input: UpdateProgramInput) => updateProgram(ds, identity, input),
    createIncentive: (input: CreateIncentiveInput) => createIncentive(ds, identity, input),
    updateIncentive: (input: UpdateIncentiveInput) => updateIncentive(ds, identity, input),
    enrollPartner: (input: EnrollPartnerInput) => enrollPartner(ds, caller, input),
    applyToProgram: (args: { programId: string; salesMotion: string }) => applyToProgram(ds, identity, args),
    /** accept, approve, decline, suspend, resume or end one of the caller's partnerships */
    actOnPartnership: (act: PartnershipAct, args: { id: string; expectedVersion: number; reason?: string | null }) =>
      actOnPartnership(ds, identity, act, args),
    offerDistributionAgreement: (input: OfferDistributionAgreementInput) => offerDistributionAgreement(ds, identity, input),
    /** accept, decline, suspend, resume or end one of the caller's distribution agreements */
    actOnAgreement: (act: AgreementAct, args: { id: string; expectedVersion: number; reason?: string | null }) =>
      actOnAgreement(ds, identity, act, args),
    setPartnershipTier: (args: { partnershipId: string; tierId: string; reason: string }) => setPartnershipTier(ds, identity, args),
    assignPartnerManager: (args: AssignPartnerManagerArgs) => assignPartnerManager(ds, identity, args),
    requestMdf: (input: RequestMdfInput) => requestMdf(ds, caller, input),
    approveMdf: (args: { id: string; approvedAmount?: MoneyInput | null }) => approveMdf(ds, identity, args),
    rejectMdf: (args: { id: string; reason: string }) => rejectMdf(ds, identity, args),
    claimMdf: (args: { id: string; proofOfPerformance: string }) => claimMdf(ds, identity, args),
    markMdfPaid: (args: { id: string }) => markMdfPaid(ds, identity, args),
    createProduct: (input: CreateProductInput) => createProduct(ds, identity, input),
    updateProduct: (input: UpdateProductInput) => updateProduct(ds, identity, input),
    retireProduct: (args: { id: string }) => retireProduct(ds, identity, args),
    createDirectAccount: (input: CreateDirectAccountInput) => createDirectAccount(ds, identity, input),
    updateDirectAccount: (input: UpdateDirectAccountInput) => updateDirectAccount(ds, identity, input),
    endDirectAccount: (args: { id: string }) => endDirectAccount(ds, identity, args),
    createEngagementRule: (input: CreateEngagementRuleInput) => createEngagementRule(ds, identity, input),
    updateEngagementRule: (input: UpdateEngagementRuleInput) => updateEngagementRule(ds, identity, input),
    retireEngagementRule: (args: { id: string }) => retireEngagementRule(ds, identity, args),
    analytics: createAnalytics(ds, caller),
    /** The caller's organization's members (Query.members, Viewer.member, inviteMember, updateMember), wherever they are kept. */
    members: memberDirectory(ds, caller, MEMBER_OWNERS.VENDOR),
  };
}

export type Services = ReturnType<typeof createServices>;
