import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Certification } from './certification';
import type { Context } from './context';
import { Deal, DealLine } from './deal';
import { Distributor } from './distributor';
import { Partner } from './partner';
import { Query } from './query';
import { Vendor } from './vendor';

export const resolvers: GraphQLResolverMap<Context> = { Query, Partner, Certification, Deal, DealLine, Vendor, Distributor };
