import type { DataSource } from 'typeorm';
import { diff, recordChange, type Snapshot } from '../../../common/audit';
import { requiredDomain } from '../../../common/domain';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { requireAction } from '../../../common/permissions';
import { idOrNull, requiredText } from '../../../common/validation';
import { DirectAccount } from '../entities';
import { insertRow, lockDirectAccount, lockVendor, openAccountWithDomain, transactionNow, updateRow } from '../repositories/catalog-writes';
import { actingVendor } from './actor';
import { notCleared, requireRoom, timeText } from './catalog-limits';

export interface CreateDirectAccountInput {
  customerName: string;
  domain: string;
}

export interface UpdateDirectAccountInput {
  id: string;
  customerName?: string | null;
  domain?: string | null;
}

const DOMAIN_CONSTRAINTS = ['direct_accounts_vendor_open_domain_key'];

const duplicateDomain = (domain: string, customerName?: string) =>
  new ConflictError(`You already have a direct account for ${domain}${customerName ? ` (${customerName})` : ''}: edit that one, or end it first.`);

export const directAccountSnapshot = (a: DirectAccount): Snapshot => ({
  customerName: a.customerName,
  domain: a.domain,
  endedAt: timeText(a.endedAt),
});

const ended = (a: DirectAccount, what: string) =>
  new ConflictError(`Direct account ${a.id} (${a.domain}) ended at ${a.endedAt!.toISOString()}: it cannot ${what}.`);

/** createDirectAccount: a customer the vendor sells to directly, by normalized domain (one open account per domain). */
export async function createDirectAccount(ds: DataSource, identity: Identity, input: CreateDirectAccountInput): Promise<DirectAccount> {
  requireAction(identity, 'createDirectAccount');
  const customerName = requiredText('input.customerName', input.customerName);
  const domain = requiredDomain('input.domain', input.domain);
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, 'name direct accounts');
      await lockVendor(manager, vendor.id);
      const taken = await openAccountWithDomain(manager, vendor.id, domain);
      if (taken) throw duplicateDomain(domain, taken.customerName);
      await requireRoom(manager, 'direct_accounts', vendor.id);
      const account = await insertRow(manager, DirectAccount, { vendorId: vendor.id, customerName, domain });
      await recordChange(manager, identity, {
        entityType: 'DirectAccount',
        entityId: account.id,
        action: 'CREATED',
        before: null,
        after: directAccountSnapshot(account),
      });
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error, DOMAIN_CONSTRAINTS)) throw duplicateDomain(domain);
    throw error;
  }
}

/** updateDirectAccount: customer name, domain of one of the vendor's open accounts (another vendor's → NOT_FOUND). */
export async function updateDirectAccount(ds: DataSource, identity: Identity, input: UpdateDirectAccountInput): Promise<DirectAccount> {
  requireAction(identity, 'updateDirectAccount');
  notCleared(input as unknown as Record<string, unknown>, ['customerName', 'domain']);
  const changes: Partial<DirectAccount> = {};
  if (input.customerName !== undefined) changes.customerName = requiredText('input.customerName', input.customerName);
  if (input.domain !== undefined) changes.domain = requiredDomain('input.domain', input.domain!);
  if (!Object.keys(changes).length) throw new BadUserInputError('input', 'nothing to change: give customerName or domain.');
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, 'edit direct accounts');
      const id = idOrNull(input.id);
      const account = id ? await lockDirectAccount(manager, id, vendor.id) : null;
      if (!account) throw new NotFoundError('DirectAccount', input.id);
      if (account.endedAt) throw ended(account, 'be edited');
      const before = directAccountSnapshot(account);
      if (!diff(before, directAccountSnapshot({ ...account, ...changes })).length) return account;
      if (changes.domain) {
        const taken = await openAccountWithDomain(manager, vendor.id, changes.domain, account.id);
        if (taken) throw duplicateDomain(changes.domain, taken.customerName);
      }
      const updated = await updateRow(manager, DirectAccount, account.id, changes);
      await recordChange(manager, identity, {
        entityType: 'DirectAccount',
        entityId: account.id,
        action: 'UPDATED',
        before,
        after: directAccountSnapshot(updated),
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error, DOMAIN_CONSTRAINTS)) throw duplicateDomain(changes.domain ?? '');
    throw error;
  }
}

/**
 * endDirectAccount: the vendor no longer sells to the account directly. It stays (its direct sales and history refer
 * to it) and no longer conflicts with registrations made from now on; deals it already flagged keep the flag.
 */
export async function endDirectAccount(ds: DataSource, identity: Identity, args: { id: string }): Promise<DirectAccount> {
  requireAction(identity, 'endDirectAccount');
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, 'end direct accounts');
    const id = idOrNull(args.id);
    const account = id ? await lockDirectAccount(manager, id, vendor.id) : null;
    if (!account) throw new NotFoundError('DirectAccount', args.id);
    if (account.endedAt) throw ended(account, 'be ended again');
    const updated = await updateRow(manager, DirectAccount, account.id, { endedAt: await transactionNow(manager) });
    await recordChange(manager, identity, {
      entityType: 'DirectAccount',
      entityId: account.id,
      action: 'ENDED',
      before: directAccountSnapshot(account),
      after: directAccountSnapshot(updated),
    });
    return updated;
  });
}
