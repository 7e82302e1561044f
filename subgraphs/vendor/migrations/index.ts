import { CreateVendorSchema1795370847839 } from './1795370847839-CreateVendorSchema';
import { PartnershipTierChanges1795600000000 } from './1795600000000-PartnershipTierChanges';

/** Every migration of the vendor schema, oldest first. */
export const migrations = [CreateVendorSchema1795370847839, PartnershipTierChanges1795600000000];
