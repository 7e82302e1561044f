import type { Lead as LeadRow } from '../entities/lead';
import type { ConvertLeadInput } from '../services/lead-conversion';
import type { LeadAssigneeInput, LeadInput } from '../services/lead-validation';
import type { Context } from '../context';

type Decision = { id: string; expectedVersion: number };

const primed = (loaders: Context['loaders'], lead: LeadRow) => {
  loaders.leadById.clear(lead.id).prime(lead.id, lead);
  return lead;
};

/** The lead mutations (merged into Mutation by resolvers/index.ts), thin like the deal ones: services/leads.ts acts. */
export const leadMutationResolvers = {
  createLead: async (_: unknown, { input }: { input: LeadInput }, { loaders, services }: Context) =>
    primed(loaders, await services.leads.create(input)),
  importLeads: (_: unknown, { leads }: { leads: LeadInput[] }, { services }: Context) => services.leads.import(leads),
  assignLead: async (_: unknown, { id, expectedVersion, to }: Decision & { to: LeadAssigneeInput }, { loaders, services }: Context) =>
    primed(loaders, await services.leads.assign(id, expectedVersion, to)),
  reassignLead: async (
    _: unknown,
    { id, expectedVersion, to, ownerSubject }: Decision & { to?: LeadAssigneeInput | null; ownerSubject?: string | null },
    { loaders, services }: Context,
  ) => primed(loaders, await services.leads.reassign(id, expectedVersion, to, ownerSubject)),
  acceptLead: async (_: unknown, { id, expectedVersion }: Decision, { loaders, services }: Context) =>
    primed(loaders, await services.leads.accept(id, expectedVersion)),
  declineLead: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason: string }, { loaders, services }: Context) =>
    primed(loaders, await services.leads.decline(id, expectedVersion, reason)),
  convertLead: async (_: unknown, { id, expectedVersion, input }: Decision & { input: ConvertLeadInput }, { loaders, services }: Context) =>
    primed(loaders, await services.leadConversion.convert(id, expectedVersion, input)),
  closeLead: async (_: unknown, { id, expectedVersion, reason }: Decision & { reason: string }, { loaders, services }: Context) =>
    primed(loaders, await services.leads.close(id, expectedVersion, reason)),
  setLeadAcceptanceWindow: (_: unknown, { hours }: { hours: number }, { services }: Context) => services.leads.setAcceptanceWindow(hours),
};
