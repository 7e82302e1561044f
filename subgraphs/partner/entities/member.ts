import { Entity } from 'typeorm';
import { MemberColumns } from '../../../common/members/member-columns';

/** A person of a partner organization (DESIGN.md §6); the columns are the same in the three subgraphs. */
@Entity({ name: 'members' })
export class Member extends MemberColumns {}
