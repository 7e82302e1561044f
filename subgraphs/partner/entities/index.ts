import { ChangeEvent } from '../../../common/audit';
import { Certification } from './certification';
import { Deal } from './deal';
import { DealEvent } from './deal-event';
import { DealLine } from './deal-line';
import { Lead } from './lead';
import { LeadSetting } from './lead-setting';
import { Partner } from './partner';
import { Member } from './member';

export { Certification, Deal, DealEvent, DealLine, Lead, LeadSetting, Member, Partner };

export const entities = [Partner, Certification, Deal, DealLine, DealEvent, Lead, LeadSetting, ChangeEvent, Member];
