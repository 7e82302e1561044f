import { ChangeEvents1796000000000 } from './1796000000000-ChangeEvents';
import { CreateDistributorTables1780300800000 } from './1780300800000-CreateDistributorTables';
import { MembershipCurrencyWithCreditLimit1795564800000 } from './1795564800000-MembershipCurrencyWithCreditLimit';
import { Members1796500000000 } from './1796500000000-Members';

/** In the order they run. */
export const migrations = [
  CreateDistributorTables1780300800000,
  MembershipCurrencyWithCreditLimit1795564800000,
  ChangeEvents1796000000000,
  Members1796500000000,
];
