import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey, type CryptoKey, type KeyObject } from 'jose';
import { ApiError } from './errors.js';

/** The roles a host's user token may carry. */
export type Role = 'seller' | 'approver' | 'admin';
export const ROLES: readonly Role[] = ['seller', 'approver', 'admin'];

/** A signed-in user of the host, from a verified bearer JWT. */
export interface UserIdentity {
  kind: 'user';
  tenant: string;
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
  /** The approval levels granted (approvers). */
  levels: readonly string[];
}

/** A customer holding a share link to one quote version. */
export interface CustomerIdentity {
  kind: 'customer';
  tenant: string;
  linkId: string;
  quoteId: string;
  version: number;
}

export type Identity = UserIdentity | CustomerIdentity;

/**
 * How the service verifies the host's user tokens: a shared secret (HS256), a public key
 * (RS256, ES256, EdDSA, …), or a JSON Web Key Set (given, or fetched from a URL and cached).
 */
export interface UserTokenOptions {
  /** A shared secret for HS256 (at least 32 bytes). */
  secret?: string | Uint8Array;
  /** A public key (a `KeyObject`/`CryptoKey` from jose's `importSPKI`, `importJWK`, …). */
  publicKey?: CryptoKey | KeyObject;
  /** A key set, or the URL of one (the host's identity provider). */
  jwks?: JSONWebKeySet | string | URL;
  /** Required `iss`, when set. */
  issuer?: string;
  /** Required `aud`, when set. */
  audience?: string;
  /** Accepted algorithms; default HS256 with `secret`, else RS256, ES256 and EdDSA. */
  algorithms?: string[];
  /** Clock tolerance, seconds. Default 30. */
  clockToleranceSeconds?: number;
  /**
   * Reads the identity from the verified claims. Default: `sub` (user id), `name`, `tenant`,
   * `roles` (array of `seller` | `approver` | `admin`), `levels` (array of approval levels).
   */
  identify?: (claims: JWTPayload) => Omit<UserIdentity, 'kind'> | undefined;
}

const SHARE_ISSUER = 'cpq-kit';
const SHARE_AUDIENCE = 'cpq-kit:share';
const ID = /^[\w.@:+-]{1,128}$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length <= 128) : [];
}

/** The default claim layout. */
export function defaultIdentify(claims: JWTPayload): Omit<UserIdentity, 'kind'> | undefined {
  const { sub, tenant, name } = claims as JWTPayload & { tenant?: unknown; name?: unknown };
  if (typeof sub !== 'string' || !ID.test(sub) || typeof tenant !== 'string' || !ID.test(tenant)) return undefined;
  const roles = new Set(strings(claims.roles).filter((r): r is Role => (ROLES as readonly string[]).includes(r)));
  return {
    tenant, userId: sub, name: typeof name === 'string' && name.trim() !== '' ? name.slice(0, 200) : sub, roles,
    levels: strings(claims.levels),
  };
}

const unauthenticated = (code: string, message: string) => new ApiError('authentication', code, message, 'Authorization');

/** Verifies bearer tokens: the host's user tokens, and the share tokens the service signs itself. */
export class Authenticator {
  private readonly userKey: Uint8Array | CryptoKey | KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly shareKey: Uint8Array;

  constructor(private readonly options: UserTokenOptions, shareSecret: string | Uint8Array) {
    const encode = (s: string | Uint8Array) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);
    if (options.secret !== undefined) {
      this.userKey = encode(options.secret);
      if (this.userKey.byteLength < 32) throw new Error('auth.secret must be at least 32 bytes (HS256)');
    } else if (options.publicKey !== undefined) this.userKey = options.publicKey;
    else if (options.jwks !== undefined) {
      this.userKey = typeof options.jwks === 'string' || options.jwks instanceof URL ? createRemoteJWKSet(new URL(options.jwks)) : createLocalJWKSet(options.jwks);
    } else throw new Error('auth needs a secret, a publicKey or a jwks to verify user tokens');
    this.algorithms = options.algorithms ?? (options.secret !== undefined ? ['HS256'] : ['RS256', 'ES256', 'EdDSA', 'PS256']);
    this.shareKey = encode(shareSecret);
    if (this.shareKey.byteLength < 32) throw new Error('shareLinks.secret must be at least 32 bytes');
  }

  /** The identity behind an `Authorization` header; undefined without one. Throws a 401 for a bad token. */
  async identify(header: string | undefined): Promise<Identity | undefined> {
    if (header === undefined || header === '') return undefined;
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
    if (!m || header.length > 8192) throw unauthenticated('malformed-token', 'The Authorization header must be "Bearer <JWT>".');
    const token = m[1]!;
    // A share token is signed by the service itself, with its own audience; anything else is a host user token.
    const share = await this.verifyShare(token);
    if (share) return share;
    try {
      const { payload } = await jwtVerify(token, this.userKey as Uint8Array, {
        algorithms: this.algorithms, issuer: this.options.issuer, audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30, requiredClaims: ['exp'],
      });
      if (payload.aud === SHARE_AUDIENCE) throw unauthenticated('invalid-token', 'The token is not a user token.');
      const who = (this.options.identify ?? defaultIdentify)(payload);
      if (!who) throw unauthenticated('invalid-claims', 'The token does not name a user (sub) and a tenant (tenant).');
      return { kind: 'user', ...who };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('token-expired', 'The token has expired: sign in again.');
      throw unauthenticated('invalid-token', 'The token could not be verified.');
    }
  }

  private async verifyShare(token: string): Promise<CustomerIdentity | undefined> {
    // Only a token that says it is a share token is checked as one (a user token costs no failed signature check).
    let claimed: unknown;
    try {
      claimed = decodeJwt(token).aud;
    } catch {
      return undefined;
    }
    if (claimed !== SHARE_AUDIENCE) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.shareKey, { algorithms: ['HS256'], issuer: SHARE_ISSUER, audience: SHARE_AUDIENCE, requiredClaims: ['exp', 'jti'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired && e.payload.aud === SHARE_AUDIENCE) throw unauthenticated('link-expired', 'This share link has expired: ask the seller for a new one.');
      return undefined;
    }
    const { tid, qid, v, jti } = payload as JWTPayload & { tid?: unknown; qid?: unknown; v?: unknown };
    if (typeof tid !== 'string' || typeof qid !== 'string' || !Number.isSafeInteger(v) || typeof jti !== 'string') {
      throw unauthenticated('invalid-token', 'The share link is not valid.');
    }
    return { kind: 'customer', tenant: tid, linkId: jti, quoteId: qid, version: v as number };
  }

  /** Sign a share token for one quote version. */
  signShare(link: { id: string; tenant: string; quoteId: string; version: number; expiresAt: Date }): Promise<string> {
    return new SignJWT({ tid: link.tenant, qid: link.quoteId, v: link.version })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(SHARE_ISSUER).setAudience(SHARE_AUDIENCE).setJti(link.id)
      .setIssuedAt().setExpirationTime(Math.floor(link.expiresAt.getTime() / 1000))
      .sign(this.shareKey);
  }
}
