import type { Certification as CertificationRow } from '../entities/certification';
import type { Context } from '../context';

/** Today's date (UTC) as YYYY-MM-DD, the format of date columns. */
export const today = () => new Date().toISOString().slice(0, 10);

export const certificationResolvers = {
  Certification: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.certificationById.load(id),
    partner: (certification: CertificationRow, _: unknown, { loaders }: Context) => loaders.partnerById.load(certification.partnerId),
    /** Valid today: no expiry, or expiring today or later. */
    active: (certification: CertificationRow) => certification.expiresOn === null || certification.expiresOn >= today(),
  },
};
