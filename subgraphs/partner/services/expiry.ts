import type { DataSource } from 'typeorm';
import { persistExpiry } from '../repositories/deal-writes';

/**
 * Writes down what reads already show: every APPROVED deal whose protection has ended becomes EXPIRED, with an event in
 * its history (actor system:expiry, role VENDOR, organization the deal's vendor). Reads do not wait for it (an approved
 * deal past its protection reads as EXPIRED everywhere); it keeps the stored status and the audit trail complete.
 * Idempotent: a second run, or a concurrent one, expires nothing twice. Returns the ids of the deals it expired.
 */
export async function expireDeals(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction((manager) => persistExpiry(manager));
}
