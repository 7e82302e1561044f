import { CreateVendorSchema1795370847839 } from './1795370847839-CreateVendorSchema';

/** Every migration of the vendor schema, oldest first. */
export const migrations = [CreateVendorSchema1795370847839];
