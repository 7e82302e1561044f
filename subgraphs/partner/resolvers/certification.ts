import type { Certification as CertificationRow } from '../entities/certification';
import { organizationOf, type Identity } from '../../../common/identity';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';

/** Today's date (UTC) as YYYY-MM-DD, the format of date columns. */
export const today = () => new Date().toISOString().slice(0, 10);

export const certificationResolvers = {
  Certification: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.certificationById.load(id),
    partner: (certification: CertificationRow, _: unknown, { loaders }: Context) => loaders.partnerById.load(certification.partnerId),
    /** Valid today: no expiry, or expiring today or later. */
    active: (certification: CertificationRow) => certification.expiresOn === null || certification.expiresOn >= today(),
    vendor: (certification: CertificationRow) => (certification.vendorId ? stub(certification.vendorId) : null),
    verified: (certification: CertificationRow) => certification.verifiedAt !== null,
    holderName: (certification: CertificationRow, _: unknown, { identity }: Context) =>
      readsHolder(identity, certification) ? certification.holderName : null,
    history: (certification: CertificationRow, _: unknown, { identity, loaders }: Context) =>
      readsHolder(identity, certification) ? loaders.certificationHistory.load(certification.id) : [],
  },
};

/**
 * A certification names a person: the partner whose person it is and the vendor it is for may read the name (and the
 * trail, whose snapshots carry it); another vendor that sees the partner learns what the partner can do, not who.
 * The gateway's rule keeps distributors out; the vendor's organization is what only this subgraph can compare.
 */
function readsHolder(identity: Identity, certification: CertificationRow): boolean {
  const organization = organizationOf(identity);
  if (identity.role === 'PARTNER') return organization === certification.partnerId;
  if (identity.role === 'VENDOR') return certification.vendorId !== null && organization === certification.vendorId;
  return false;
}
