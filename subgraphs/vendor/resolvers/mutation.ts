import type { Context, Resolvers } from '../loaders';
import { requireVendor } from '../services/actor';
import type { MoneyInput } from '../services/input';
import { requirePartner, type RequestMdfInput } from '../services/mdf';
import type { CreateIncentiveInput, UpdateIncentiveInput } from '../services/incentives';
import type { EnrollPartnerInput } from '../services/partnerships';
import type { CreateProgramInput, UpdateProgramInput } from '../services/programs';

/**
 * The vendor's mutations: thin. The gateway lets only vendors call them (partners only requestMdf and claimMdf); each resolver checks the role again
 * (a wrong role → FORBIDDEN) and hands over to services/ (validation, rows, one transaction).
 */
export const mutationResolvers: Resolvers = {
  Mutation: {
    createProgram: (_: unknown, { input }: { input: CreateProgramInput }, ctx: Context) => {
      requireVendor(ctx.identity, 'create partner programs');
      return ctx.loaders.services.createProgram(input);
    },
    updateProgram: (_: unknown, { input }: { input: UpdateProgramInput }, ctx: Context) => {
      requireVendor(ctx.identity, 'edit partner programs');
      return ctx.loaders.services.updateProgram(input);
    },
    createIncentive: (_: unknown, { input }: { input: CreateIncentiveInput }, ctx: Context) => {
      requireVendor(ctx.identity, 'create incentives');
      return ctx.loaders.services.createIncentive(input);
    },
    updateIncentive: (_: unknown, { input }: { input: UpdateIncentiveInput }, ctx: Context) => {
      requireVendor(ctx.identity, 'edit incentives');
      return ctx.loaders.services.updateIncentive(input);
    },
    enrollPartner: (_: unknown, { input }: { input: EnrollPartnerInput }, ctx: Context) => {
      requireVendor(ctx.identity, 'enroll partners');
      return ctx.loaders.services.enrollPartner(input);
    },
    setPartnershipTier: (_: unknown, args: { partnershipId: string; tierId: string; reason: string }, ctx: Context) => {
      requireVendor(ctx.identity, 'set partnership tiers');
      return ctx.loaders.services.setPartnershipTier(args);
    },
    evaluateTiers: (_: unknown, args: { programId?: string | null }, ctx: Context) => {
      requireVendor(ctx.identity, 'evaluate partnership tiers');
      return ctx.loaders.analytics.evaluateTiers(args.programId);
    },
    requestMdf: (_: unknown, { input }: { input: RequestMdfInput }, ctx: Context) => {
      requirePartner(ctx.identity, 'request market development funds');
      return ctx.loaders.services.requestMdf(input);
    },
    approveMdf: (_: unknown, args: { id: string; approvedAmount?: MoneyInput | null }, ctx: Context) => {
      requireVendor(ctx.identity, 'approve MDF requests');
      return ctx.loaders.services.approveMdf(args);
    },
    rejectMdf: (_: unknown, args: { id: string; reason: string }, ctx: Context) => {
      requireVendor(ctx.identity, 'reject MDF requests');
      return ctx.loaders.services.rejectMdf(args);
    },
    claimMdf: (_: unknown, args: { id: string; proofOfPerformance: string }, ctx: Context) => {
      requirePartner(ctx.identity, 'claim market development funds');
      return ctx.loaders.services.claimMdf(args);
    },
    markMdfPaid: (_: unknown, args: { id: string }, ctx: Context) => {
      requireVendor(ctx.identity, 'mark MDF requests paid');
      return ctx.loaders.services.markMdfPaid(args);
    },
  },
};
