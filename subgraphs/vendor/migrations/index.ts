import { ChangeEvents1796000000000 } from './1796000000000-ChangeEvents';
import { CreateVendorSchema1795370847839 } from './1795370847839-CreateVendorSchema';
import { PartnershipTierChanges1795600000000 } from './1795600000000-PartnershipTierChanges';
import { MdfDecisions1795650000000 } from './1795650000000-MdfDecisions';
import { DirectSales1795700000000 } from './1795700000000-DirectSales';
import { CatalogAndEngagement1796200000000 } from './1796200000000-CatalogAndEngagement';
import { Members1796500000000 } from './1796500000000-Members';

/** Every migration of the vendor schema, oldest first. */
export const migrations = [
  CreateVendorSchema1795370847839,
  PartnershipTierChanges1795600000000,
  MdfDecisions1795650000000,
  DirectSales1795700000000,
  ChangeEvents1796000000000,
  CatalogAndEngagement1796200000000,
  Members1796500000000,
];
