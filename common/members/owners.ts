import type { SubgraphName } from '../config';
import type { Role } from '../identity';
import type { MemberOwner } from './service';

/** Which subgraph holds the members of each role: the one that owns that role's organizations. */
export const MEMBER_OWNERS: Record<Role, MemberOwner & { subgraph: SubgraphName }> = {
  VENDOR: { role: 'VENDOR', subgraph: 'vendor', organizations: 'vendors' },
  PARTNER: { role: 'PARTNER', subgraph: 'partner', organizations: 'partners' },
  DISTRIBUTOR: { role: 'DISTRIBUTOR', subgraph: 'distributor', organizations: 'distributors' },
};
