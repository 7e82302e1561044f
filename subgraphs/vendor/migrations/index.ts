import { ChangeEvents1796000000000 } from './1796000000000-ChangeEvents';
import { CreateVendorSchema1795370847839 } from './1795370847839-CreateVendorSchema';
import { PartnershipTierChanges1795600000000 } from './1795600000000-PartnershipTierChanges';
import { MdfDecisions1795650000000 } from './1795650000000-MdfDecisions';
import { PartnershipConsent1796100000000 } from './1796100000000-PartnershipConsent';
import { AgreementConsent1796100000002 } from './1796100000002-AgreementConsent';
import { DirectSales1795700000000 } from './1795700000000-DirectSales';
import { CatalogAndEngagement1796200000000 } from './1796200000000-CatalogAndEngagement';
import { Members1796500000000 } from './1796500000000-Members';
import { PartnershipManagers1797100000000 } from './1797100000000-PartnershipManagers';

/** Every migration of the vendor schema, oldest first. */
export const migrations = [
  CreateVendorSchema1795370847839,
  PartnershipTierChanges1795600000000,
  MdfDecisions1795650000000,
  DirectSales1795700000000,
  ChangeEvents1796000000000,
  PartnershipConsent1796100000000,
  AgreementConsent1796100000002,
  CatalogAndEngagement1796200000000,
  Members1796500000000,
  PartnershipManagers1797100000000,
];
