import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, IdentitySigner } from '../common/identity';
import type { GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';

/** Sends query-plan fetches to one subgraph, carrying the caller's identity signed with the gateway secret. */
export class SubgraphClient extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly signer: IdentitySigner,
    private readonly metrics: GatewayMetrics,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!context.identity) throw new Error('No caller identity to forward to the subgraph.');
    request.http?.headers.set(IDENTITY_HEADER, await this.signer.header(context.identity));
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const stopTimer = this.metrics.subgraphDuration.startTimer({ subgraph: this.name });
    try {
      const response = await super.process(options);
      this.metrics.subgraphRequests.inc({ subgraph: this.name, outcome: response.errors?.length ? 'error' : 'ok' });
      return response;
    } catch (error) {
      this.metrics.subgraphRequests.inc({ subgraph: this.name, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }
}
