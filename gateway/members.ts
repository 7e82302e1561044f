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
 * When the directory does not answer, the last answer it gave is used while that lookup started at most this long ago,
 * then the caller is refused (503): a disabled member is refused within this time even while the directory is down.
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
 * it answers about the caller alone. Entries are kept for MEMBER_CACHE_TTL_MS, counted from the moment the lookup
 * started: a change (disabled, groups) is seen within that time whatever the token's expiry, and a request costs no
 * lookup (no SQL) while its caller's entry is fresh. Concurrent requests of one caller share one lookup. A directory
 * that does not answer (a loaded subgraph) does not refuse members it admitted moments ago: their last answer holds
 * until MAX_STALE_MS after its lookup started, so the bound holds too.
 */
export class MemberAdmission {
  private readonly entries = new Map<string, { entry: Promise<Entry>; expires: number }>();
  /** The last answer per caller and when its lookup started, for when the directory does not answer. */
  private readonly answered = new Map<string, { value: Entry; startedAt: number }>();
  /** Lookups sent to a directory (for measurements and tests). */
  lookups = 0;

  constructor(
    private readonly client: ScopeClient,
    private readonly signer: IdentitySigner,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async admit(identity: Identity): Promise<Identity> {
    const entry = await this.entry(identity);
    if (entry?.status !== 'ACTIVE') throw refusal(identity, entry);
    return { ...identity, groups: entry.groups };
  }

  private entry(identity: Identity): Promise<Entry> {
    const key = callerKey(identity);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.entry;
    const entry: Promise<Entry> = this.lookup(identity).then(
      (value) => {
        remember(this.answered, key, { value, startedAt: now });
        return value;
      },
      (error: unknown) => {
        const last = this.answered.get(key);
        if (this.entries.get(key)?.entry === entry) this.entries.delete(key);
        if (!last || this.now() - last.startedAt > MAX_STALE_MS) throw error;
        // the last answer, until MAX_STALE_MS after its lookup started; then this caller is asked for again
        if (this.ttlMs > 0) remember(this.entries, key, { entry: Promise.resolve(last.value), expires: last.startedAt + MAX_STALE_MS });
        return last.value;
      },
    );
    if (this.ttlMs > 0) remember(this.entries, key, { entry, expires: now + this.ttlMs });
    return entry;
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
