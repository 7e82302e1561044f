import { Certification } from './certification';
import type { Resolvers } from '../context';
import { Deal, DealConflict, DealEvent, DealLine } from './deal';
import { Distributor } from './distributor';
import { Mutation } from './mutation';
import { Partner } from './partner';
import { Query } from './query';
import { PartnerRanking, Vendor } from './vendor';
import { Viewer } from './viewer';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Partner,
  Certification,
  Deal,
  DealConflict,
  DealEvent,
  DealLine,
  Vendor,
  PartnerRanking,
  Distributor,
  Viewer,
};
