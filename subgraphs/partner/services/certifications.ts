import type { DataSource } from 'typeorm';
import { recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import { organizationOf } from '../../../common/identity';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import { requiredId, requiredText, storableDateOrNull, utcToday } from '../../../common/validation';
import type { Certification } from '../entities/certification';
import {
  CERTIFICATION_KEY,
  countOfPartner,
  findCertification,
  insertCertification,
  lockVendorCertification,
  markVerified,
  type NewCertification,
} from '../repositories/certification-writes';
import { lockPartner } from '../repositories/profile-writes';
import { narrowingOf, rowScope } from '../scope';

export interface RecordCertificationInput {
  vendorId: string;
  code: string;
  name: string;
  holderName: string;
  earnedOn: string;
  expiresOn?: string | null;
}

/** The most certification records one partner keeps (Partner.certifications is one list, not a page). */
export const MAX_CERTIFICATIONS = 200;
export const MAX_CODE = 100;
/** How far back a certification may have been earned, and how far ahead it may run. */
const EARNED_YEARS = 50;
const VALID_YEARS = 20;

const CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

const yearsFrom = (day: string, years: number) => `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;

/** The input checked and normalized (code upper-cased), each problem named by its field. */
export function validateCertification(input: RecordCertificationInput, today = utcToday()): Omit<NewCertification, 'partnerId'> {
  const vendorId = requiredId('input.vendorId', input.vendorId);
  const code = requiredText('input.code', input.code, MAX_CODE).toUpperCase();
  if (!CODE.test(code))
    throw new BadUserInputError('input.code', `must be letters, digits and single dashes between them, such as NW-ARCH; got "${code}".`);
  const name = requiredText('input.name', input.name);
  const holderName = requiredText('input.holderName', input.holderName);
  const earnedOn = storableDateOrNull('input.earnedOn', input.earnedOn)!;
  if (earnedOn > today) throw new BadUserInputError('input.earnedOn', `must be today (${today}, UTC) or earlier, got ${earnedOn}.`);
  if (earnedOn < yearsFrom(today, -EARNED_YEARS))
    throw new BadUserInputError('input.earnedOn', `must be within the last ${EARNED_YEARS} years, got ${earnedOn}.`);
  const expiresOn = storableDateOrNull('input.expiresOn', input.expiresOn ?? null);
  if (expiresOn !== null) {
    if (expiresOn < earnedOn) throw new BadUserInputError('input.expiresOn', `must not be before earnedOn (${earnedOn}), got ${expiresOn}.`);
    // an expired certification counts for nothing: there is nothing to record or verify until it is renewed
    if (expiresOn < today)
      throw new BadUserInputError(
        'input.expiresOn',
        `is in the past (${expiresOn}; today is ${today}, UTC): record the certification once it is renewed.`,
      );
    if (expiresOn > yearsFrom(earnedOn, VALID_YEARS))
      throw new BadUserInputError('input.expiresOn', `must be within ${VALID_YEARS} years of earnedOn, got ${expiresOn}.`);
  }
  return { vendorId, code, name, holderName, earnedOn, expiresOn };
}

export const certificationSnapshot = (c: Omit<NewCertification, 'partnerId'> & { verified: boolean }): Snapshot => ({
  vendorId: c.vendorId,
  code: c.code,
  name: c.name,
  holderName: c.holderName,
  earnedOn: c.earnedOn,
  expiresOn: c.expiresOn,
  verified: String(c.verified),
});

/**
 * recordCertification: the partner records a certification of one of its people, for a vendor it sees (enrolled,
 * invited or pending: the vendor subgraph's facts; any other vendor is NOT_FOUND, like one that does not exist). It
 * counts for nothing until that vendor verifies it.
 */
export async function recordCertification(dataSource: DataSource, caller: Caller, input: RecordCertificationInput): Promise<Certification> {
  const { identity } = caller;
  requireAction(identity, 'recordCertification');
  const fields = validateCertification(input);
  const partnerId = organizationOf(identity);
  const vendors = new Set((await caller.facts('vendor')).vendorIds ?? []);
  if (!partnerId || !vendors.has(fields.vendorId)) throw new NotFoundError('Vendor', input.vendorId);
  return dataSource.transaction(async (manager) => {
    // the partner's row locked: concurrent recordings count one after the other
    if (!(await lockPartner(manager, partnerId))) throw new NotFoundError('Partner', identity.organizationId);
    const held = await countOfPartner(manager, partnerId);
    if (held >= MAX_CERTIFICATIONS)
      throw new ConflictError(`You already keep ${held} certifications, the most a partner may record (${MAX_CERTIFICATIONS}).`);
    let id: string;
    try {
      id = await insertCertification(manager, { ...fields, partnerId });
    } catch (error) {
      if (isUniqueViolation(error, [CERTIFICATION_KEY]))
        throw new ConflictError(
          `${fields.holderName}'s ${fields.code} earned on ${fields.earnedOn} is already recorded: a renewal is recorded with its new earnedOn.`,
        );
      throw error;
    }
    await recordChange(manager, identity, {
      entityType: 'Certification',
      entityId: id,
      action: 'CREATED',
      before: null,
      after: certificationSnapshot({ ...fields, verified: false }),
    });
    return (await findCertification(manager, id))!;
  });
}

/**
 * verifyCertification: the vendor a certification is for confirms it. Only its own: another vendor's certification,
 * or one of a partner outside its scope, is NOT_FOUND like a missing one. Verifying twice, or an expired certification
 * (it counts for nothing either way), is a CONFLICT.
 */
export async function verifyCertification(dataSource: DataSource, caller: Caller, rawId: string): Promise<Certification> {
  const { identity } = caller;
  requireAction(identity, 'verifyCertification');
  const id = normalizeId(rawId);
  const vendorId = organizationOf(identity);
  if (!isUuid(id) || !vendorId) throw new NotFoundError('Certification', rawId);
  const inScope = await rowScope(caller, await narrowingOf(caller)).certifications();
  return dataSource.transaction(async (manager) => {
    const certification = await lockVendorCertification(manager, id, vendorId, inScope);
    if (!certification) throw new NotFoundError('Certification', rawId);
    if (certification.verifiedAt)
      throw new ConflictError(`Certification ${certification.id} is already verified (${certification.verifiedAt.toISOString()}).`);
    const today = utcToday();
    if (certification.expiresOn !== null && certification.expiresOn < today)
      throw new ConflictError(
        `Certification ${certification.id} expired on ${certification.expiresOn}: it counts for nothing; the partner records the renewed one.`,
      );
    await markVerified(manager, certification.id);
    await recordChange(manager, identity, {
      entityType: 'Certification',
      entityId: certification.id,
      action: 'VERIFIED',
      before: { verified: 'false' },
      after: { verified: 'true' },
    });
    return (await findCertification(manager, certification.id))!;
  });
}
