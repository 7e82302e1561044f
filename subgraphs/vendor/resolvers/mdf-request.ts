import { money } from '../../../common/money';
import type { Context, Resolvers } from '../context';
import type { MdfRequest } from '../entities';

export const mdfRequestResolvers: Resolvers = {
  MdfRequest: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.mdfRequestById.load(reference.id),
    incentive: (request: MdfRequest, _: unknown, ctx: Context) => ctx.loaders.incentiveById.load(request.incentiveId),
    partner: (request: MdfRequest) => ({ id: request.partnerId }),
    amount: (request: MdfRequest) => money(request.amountMinor, request.currency),
    expectedPipeline: (request: MdfRequest) => money(request.expectedPipelineMinor, request.currency),
    approvedAmount: (request: MdfRequest) => money(request.approvedAmountMinor, request.currency),
  },
};
