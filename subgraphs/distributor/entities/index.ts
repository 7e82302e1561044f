import { ChangeEvent } from '../../../common/audit';
import { Distributor } from './distributor';
import { NetworkMembership } from './network-membership';
import { SellThroughLine } from './sell-through-line';

export { Distributor, NetworkMembership, SellThroughLine };

export const entities = [Distributor, NetworkMembership, SellThroughLine, ChangeEvent];
