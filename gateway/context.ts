import type { Identity } from '../common/identity';
import type { ResponseBudget } from './response-budget';

export interface GatewayContext {
  identity: Identity;
  /** The bytes of subgraph answers this operation may still receive (MAX_RESPONSE_BYTES). */
  responseBudget?: ResponseBudget;
}
