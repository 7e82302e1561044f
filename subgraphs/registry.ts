import type { SubgraphName } from '../common/config';
import type { SubgraphModule } from '../common/subgraph';
import * as vendorDatabase from './vendor/database';
import { createServer as createVendorServer } from './vendor/server';
import { seed as seedVendor } from './vendor/seed';
import * as partnerDatabase from './partner/database';
import { createServer as createPartnerServer } from './partner/server';
import { seed as seedPartner } from './partner/seed';
import * as distributorDatabase from './distributor/database';
import { createServer as createDistributorServer } from './distributor/server';
import { seed as seedDistributor } from './distributor/seed';

/** Each subgraph's database, server and seed; its SDL is schema/subgraphs/<name>.graphql and its URL comes from config. */
export const subgraphModules: Record<SubgraphName, SubgraphModule> = {
  vendor: { databaseOptions: vendorDatabase.databaseOptions, createServer: createVendorServer, seed: seedVendor },
  partner: { databaseOptions: partnerDatabase.databaseOptions, createServer: createPartnerServer, seed: seedPartner },
  distributor: { databaseOptions: distributorDatabase.databaseOptions, createServer: createDistributorServer, seed: seedDistributor },
};
