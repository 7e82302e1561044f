import { ChangeEvent } from '../../../common/audit';
import { Certification } from './certification';
import { Deal } from './deal';
import { DealEvent } from './deal-event';
import { DealLine } from './deal-line';
import { Partner } from './partner';
import { Member } from './member';

export { Certification, Deal, DealEvent, DealLine, Partner, Member };

export const entities = [Partner, Certification, Deal, DealLine, DealEvent, ChangeEvent, Member];
