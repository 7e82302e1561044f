import type { DataSource } from 'typeorm';
import { persistLeadExpiry } from '../repositories/lead-writes';

/**
 * Writes down what reads already show: every NEW lead not accepted within its window becomes EXPIRED, with a change in
 * its history by the system (actor system:lead-expiry, role VENDOR, the lead's vendor), dated at the deadline.
 * Idempotent: a second or concurrent run expires nothing twice. Returns the ids of the leads it expired.
 */
export async function expireLeads(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction((manager) => persistLeadExpiry(manager));
}
