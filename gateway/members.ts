import type { Config } from '../common/config';
import { ServiceUnavailableError, UnauthenticatedError } from '../common/errors';
import { callerKey, type Identity, type IdentitySigner } from '../common/identity';
import { MEMBER_OWNERS } from '../common/members/owners';
import { memberOfCaller, type MemberAnswer } from '../common/procedures/members';
import { ScopeClient } from '../common/scope';
import type { TokenVerifier } from './auth';

/** The directory entry the gateway keeps of a caller: what admits it, and the groups it signs. */
type Entry = Pick<MemberAnswer, 'status' | 'groups'> | null;

/** How long a directory lookup may take (a loaded subgraph answers in a second or two); it delays, never extends, the bound below. */
const LOOKUP_TIMEOUT_MS = 2000;
/**
 * The longest an answer is used after its lookup started (while a newer one is asked for, or when the directory does
 * not answer): a disabled member is refused within this time, even while the directory is down.
 */
export const MAX_STALE_MS = 4000;
/** Callers kept at once: beyond it the oldest entries go first (each is one lookup again, not a wrong answer). */
const MAX_ENTRIES = 50_000;

/** The directory of the caller's organization did not answer: nothing was admitted, the client may retry. */
export class DirectoryUnavailableError extends ServiceUnavailableError {
  constructor(owner: string) {
    super(`The ${owner} subgraph, which keeps your organization's members, did not answer: nobody can be admitted until it does; retry shortly.`);
    this.extensions.http = { status: 503 };
  }
}

function refusal(identity: Identity, entry: Entry): UnauthenticatedError {
  const state = entry ? `${entry.status}, not ACTIVE` : 'unknown';
  return new UnauthenticatedError(
    `The token's subject ${identity.subject} is ${state} as a member of its organization: the member is unknown or disabled. Ask an ADMIN of the organization to invite or enable you.`,
  );
}

/**
 * Admits a verified token only when its subject is an ACTIVE member of its organization (DESIGN.md §6), and adds the
 * member's groups to the identity. The directory (the subgraph that owns the organization) is asked as the caller, so
 * it answers about the caller alone. An answer is used as it is for MEMBER_CACHE_TTL_MS after its lookup started (a
 * request then costs no lookup, no SQL); after that, up to the stale window (twice the TTL, at most MAX_STALE_MS), it
 * is still used while the directory is asked again in the background, so a busy caller never waits for its lookup
 * and a directory that does not answer refuses no one it admitted moments ago. Past the window the request waits for
 * the directory (503 when it does not answer). So a change (disabled, groups) is seen within the window whatever the
 * token's expiry. Concurrent lookups of one caller are one.
 */
export class MemberAdmission {
  private readonly answered = new Map<string, { value: Entry; startedAt: number }>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly staleMs: number;
  /** Lookups sent to a directory (for measurements and tests). */
  lookups = 0;

  constructor(
    private readonly client: ScopeClient,
    private readonly signer: IdentitySigner,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.staleMs = Math.min(2 * ttlMs, MAX_STALE_MS);
  }

  async admit(identity: Identity): Promise<Identity> {
    const entry = await this.entry(identity);
    if (entry?.status !== 'ACTIVE') throw refusal(identity, entry);
    return { ...identity, groups: entry.groups };
  }

  private entry(identity: Identity): Promise<Entry> {
    const key = callerKey(identity);
    const now = this.now();
    const known = this.answered.get(key);
    const age = known ? now - known.startedAt : Infinity;
    if (known && age < this.ttlMs) return Promise.resolve(known.value);
    const asked = this.ask(key, identity, now);
    if (!known || age > this.staleMs) return asked;
    asked.catch(() => undefined); // in the background: a failure leaves the last answer, until the window closes
    return Promise.resolve(known.value);
  }

  private ask(key: string, identity: Identity, now: number): Promise<Entry> {
    let asked = this.pending.get(key);
    if (asked) return asked;
    asked = this.lookup(identity)
      .then((value) => {
        if (this.ttlMs > 0) remember(this.answered, key, { value, startedAt: now });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, asked);
    return asked;
  }

  private async lookup(identity: Identity): Promise<Entry> {
    const owner = MEMBER_OWNERS[identity.role].subgraph;
    this.lookups += 1;
    // signed with the token's claims alone (no groups yet): the directory answers for this subject of this organization
    const token = await this.signer.header({ subject: identity.subject, role: identity.role, organizationId: identity.organizationId });
    let answer: MemberAnswer | null;
    try {
      answer = await this.client.caller(identity, token).ask(owner, memberOfCaller, {});
    } catch {
      throw new DirectoryUnavailableError(owner);
    }
    return answer && { status: answer.status, groups: answer.groups };
  }
}

/** Sets `key` last in the map (Map order is then oldest-first), dropping the oldest entry beyond MAX_ENTRIES. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export function createMemberAdmission(config: Config, signer: IdentitySigner, onFailure: (peer: string, error: unknown) => void): MemberAdmission {
  const client = new ScopeClient(config.subgraphUrls, 0, LOOKUP_TIMEOUT_MS, (peer, _route, error) => onFailure(peer, error));
  return new MemberAdmission(client, signer, config.memberCacheTtlMs);
}

/** The token verifier the gateway uses: the token's signature and claims, then its subject's membership. */
export function admittingMembers(verifyToken: TokenVerifier, admission: MemberAdmission): TokenVerifier {
  return async (authorization) => admission.admit(await verifyToken(authorization));
}
