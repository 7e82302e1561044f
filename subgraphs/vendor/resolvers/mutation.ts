import type { Context, Resolvers } from '../context';
import { requireAction } from '../../../common/permissions';
import type { MemberDirectory } from '../../../common/members/directory';
import type { MoneyInput } from '../services/input';
import type { RequestMdfInput } from '../services/mdf';
import type { CreateIncentiveInput, UpdateIncentiveInput } from '../services/incentives';
import type { EnrollPartnerInput } from '../services/partnerships';
import type { AssignPartnerManagerArgs } from '../services/partner-managers';
import type { PartnershipAct } from '../services/partnership-consent';
import type { AgreementAct, OfferDistributionAgreementInput } from '../services/agreement-consent';

/** The acts on a partnership, each a mutation of the same shape (id, expectedVersion, reason for some). */
const PARTNERSHIP_ACTS: PartnershipAct[] = [
  'acceptPartnership',
  'approvePartnership',
  'declinePartnership',
  'suspendPartnership',
  'resumePartnership',
  'endPartnership',
];
const AGREEMENT_ACTS: AgreementAct[] = [
  'acceptDistributionAgreement',
  'declineDistributionAgreement',
  'suspendDistributionAgreement',
  'resumeDistributionAgreement',
  'endDistributionAgreement',
];
type PartnershipActArgs = { id: string; expectedVersion: number; reason?: string | null };
import type { CreateProgramInput, UpdateProgramInput } from '../services/programs';
import { catalogMutations } from './catalog-mutations';

/**
 * The vendor's mutations: thin. Each resolver checks the role again against the table the gateway enforces
 * (common/permissions.ts: a wrong role → FORBIDDEN) and hands over to services/ (validation, rows, one transaction).
 */
type InviteMemberInput = Parameters<MemberDirectory['invite']>[0];
type MemberChange = Parameters<MemberDirectory['update']>[0];

export const mutationResolvers: Resolvers = {
  Mutation: {
    // for every role: the directory checks the action and the caller's ADMIN where the members are kept
    inviteMember: (_: unknown, { input }: { input: InviteMemberInput }, ctx: Context) => {
      requireAction(ctx.identity, 'inviteMember');
      return ctx.services.members.invite(input);
    },
    updateMember: (_: unknown, change: MemberChange, ctx: Context) => {
      requireAction(ctx.identity, 'updateMember');
      return ctx.services.members.update(change);
    },
    createProgram: (_: unknown, { input }: { input: CreateProgramInput }, ctx: Context) => {
      requireAction(ctx.identity, 'createProgram');
      return ctx.services.createProgram(input);
    },
    updateProgram: (_: unknown, { input }: { input: UpdateProgramInput }, ctx: Context) => {
      requireAction(ctx.identity, 'updateProgram');
      return ctx.services.updateProgram(input);
    },
    createIncentive: (_: unknown, { input }: { input: CreateIncentiveInput }, ctx: Context) => {
      requireAction(ctx.identity, 'createIncentive');
      return ctx.services.createIncentive(input);
    },
    updateIncentive: (_: unknown, { input }: { input: UpdateIncentiveInput }, ctx: Context) => {
      requireAction(ctx.identity, 'updateIncentive');
      return ctx.services.updateIncentive(input);
    },
    enrollPartner: (_: unknown, { input }: { input: EnrollPartnerInput }, ctx: Context) => {
      requireAction(ctx.identity, 'enrollPartner');
      return ctx.services.enrollPartner(input);
    },
    applyToProgram: (_: unknown, args: { programId: string; salesMotion: string }, ctx: Context) => {
      requireAction(ctx.identity, 'applyToProgram');
      return ctx.services.applyToProgram(args);
    },
    ...Object.fromEntries(
      PARTNERSHIP_ACTS.map((act) => [
        act,
        (_: unknown, args: PartnershipActArgs, ctx: Context) => {
          requireAction(ctx.identity, act);
          return ctx.services.actOnPartnership(act, args);
        },
      ]),
    ),
    offerDistributionAgreement: (_: unknown, { input }: { input: OfferDistributionAgreementInput }, ctx: Context) => {
      requireAction(ctx.identity, 'offerDistributionAgreement');
      return ctx.services.offerDistributionAgreement(input);
    },
    ...Object.fromEntries(
      AGREEMENT_ACTS.map((act) => [
        act,
        (_: unknown, args: PartnershipActArgs, ctx: Context) => {
          requireAction(ctx.identity, act);
          return ctx.services.actOnAgreement(act, args);
        },
      ]),
    ),
    setPartnershipTier: (_: unknown, args: { partnershipId: string; tierId: string; reason: string }, ctx: Context) => {
      requireAction(ctx.identity, 'setPartnershipTier');
      return ctx.services.setPartnershipTier(args);
    },
    assignPartnerManager: (_: unknown, args: AssignPartnerManagerArgs, ctx: Context) => {
      requireAction(ctx.identity, 'assignPartnerManager');
      return ctx.services.assignPartnerManager(args);
    },
    evaluateTiers: (_: unknown, args: { programId?: string | null }, ctx: Context) => {
      requireAction(ctx.identity, 'evaluateTiers');
      return ctx.services.analytics.evaluateTiers(args.programId);
    },
    requestMdf: (_: unknown, { input }: { input: RequestMdfInput }, ctx: Context) => {
      requireAction(ctx.identity, 'requestMdf');
      return ctx.services.requestMdf(input);
    },
    approveMdf: (_: unknown, args: { id: string; approvedAmount?: MoneyInput | null }, ctx: Context) => {
      requireAction(ctx.identity, 'approveMdf');
      return ctx.services.approveMdf(args);
    },
    rejectMdf: (_: unknown, args: { id: string; reason: string }, ctx: Context) => {
      requireAction(ctx.identity, 'rejectMdf');
      return ctx.services.rejectMdf(args);
    },
    claimMdf: (_: unknown, args: { id: string; proofOfPerformance: string }, ctx: Context) => {
      requireAction(ctx.identity, 'claimMdf');
      return ctx.services.claimMdf(args);
    },
    markMdfPaid: (_: unknown, args: { id: string }, ctx: Context) => {
      requireAction(ctx.identity, 'markMdfPaid');
      return ctx.services.markMdfPaid(args);
    },
    ...catalogMutations,
  },
};
