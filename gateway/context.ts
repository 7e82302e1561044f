import type { Identity } from '../common/identity';

export interface GatewayContext {
  identity: Identity;
}
