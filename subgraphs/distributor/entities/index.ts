import { ChangeEvent } from '../../../common/audit';
import { Distributor } from './distributor';
import { NetworkMembership } from './network-membership';
import { SellThroughLine } from './sell-through-line';
import { Member } from './member';

export { Distributor, NetworkMembership, SellThroughLine, Member };

export const entities = [Distributor, NetworkMembership, SellThroughLine, ChangeEvent, Member];
