// How the service verifies the host's user tokens: a shared secret (HS256), a public key (ES256)
// or a key set (JWKS, rotating keys by `kid`); issuer and audience when configured; the claims
// layout, and share tokens that are never user tokens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Authenticator } from '../src/server/auth.js';
import { ApiError } from '../src/server/errors.js';

const SHARE = 'share-secret-for-the-auth-tests-0123456789';

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 401);
    return e.code;
  }
  assert.fail('accepted');
}

describe('user tokens', () => {
  it('a public key (ES256) with issuer and audience', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const auth = new Authenticator({ publicKey, issuer: 'https://idp.example.com', audience: 'cpq' }, SHARE);
    const sign = (claims: Record<string, unknown>, iss = 'https://idp.example.com', aud = 'cpq') =>
      new SignJWT({ tenant: 'acme', roles: ['seller', 'bogus'], levels: ['manager'], ...claims }).setProtectedHeader({ alg: 'ES256' })
        .setSubject('u1').setIssuer(iss).setAudience(aud).setExpirationTime('5m').sign(privateKey);
    const who = await auth.identify(`Bearer ${await sign({ name: '王涛' })}`);
    assert.equal(who?.kind, 'user');
    if (who?.kind !== 'user') return;
    assert.deepEqual([...who.roles], ['seller']);
    assert.equal(who.name, '王涛');
    assert.equal(who.tenant, 'acme');
    assert.equal(await refusal(auth.identify(`Bearer ${await sign({}, 'https://evil.example.com')}`)), 'invalid-token');
    assert.equal(await refusal(auth.identify(`Bearer ${await sign({}, undefined, 'other')}`)), 'invalid-token');
    assert.equal(await refusal(auth.identify(`Bearer ${await sign({ tenant: undefined })}`)), 'invalid-claims');
    // HS256 signed with the public key's bytes (the algorithm-confusion attack) is refused.
    const hs = await new SignJWT({ tenant: 'acme', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1')
      .setIssuer('https://idp.example.com').setAudience('cpq').setExpirationTime('5m').sign(new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))));
    assert.equal(await refusal(auth.identify(`Bearer ${hs}`)), 'invalid-token');
  });

  it('a key set (JWKS) with two keys: either verifies by kid; an unknown kid does not', async () => {
    const a = await generateKeyPair('RS256');
    const b = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'RS256' }, { ...(await exportJWK(b.publicKey)), kid: 'b', alg: 'RS256' }] };
    const auth = new Authenticator({ jwks }, SHARE);
    const sign = (key: CryptoKey, kid: string) => new SignJWT({ tenant: 't', roles: ['approver'], levels: ['director'] })
      .setProtectedHeader({ alg: 'RS256', kid }).setSubject('d1').setExpirationTime('5m').sign(key);
    for (const [key, kid] of [[a.privateKey, 'a'], [b.privateKey, 'b']] as const) {
      const who = await auth.identify(`Bearer ${await sign(key, kid)}`);
      assert.ok(who?.kind === 'user' && who.levels.includes('director'));
    }
    assert.equal(await refusal(auth.identify(`Bearer ${await sign(stranger.privateKey, 'a')}`)), 'invalid-token');
    assert.equal(await refusal(auth.identify(`Bearer ${await sign(stranger.privateKey, 'z')}`)), 'invalid-token');
  });

  it('malformed headers, a token without exp, an expired token, and a share token are told apart', async () => {
    const secret = 'host-secret-for-the-auth-tests-0123456789';
    const auth = new Authenticator({ secret }, SHARE);
    const key = new TextEncoder().encode(secret);
    for (const header of ['Basic abc', 'Bearer', 'Bearer a.b', `Bearer ${'a'.repeat(9000)}.b.c`, 'bearer x.y.z']) {
      assert.ok(['malformed-token', 'invalid-token'].includes(await refusal(auth.identify(header))), header);
    }
    const noExp = await new SignJWT({ tenant: 't', roles: ['seller'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').sign(key);
    assert.equal(await refusal(auth.identify(`Bearer ${noExp}`)), 'invalid-token');
    const old = await new SignJWT({ tenant: 't', roles: ['seller'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setExpirationTime(Math.floor(Date.now() / 1000) - 120).sign(key);
    assert.equal(await refusal(auth.identify(`Bearer ${old}`)), 'token-expired');
    const share = await auth.signShare({ id: 'shl_1', tenant: 't', quoteId: 'Q-1', version: 2, expiresAt: new Date(Date.now() + 60_000) });
    const customer = await auth.identify(`Bearer ${share}`);
    assert.deepEqual(customer, { kind: 'customer', tenant: 't', linkId: 'shl_1', quoteId: 'Q-1', version: 2 });
    // A share token signed with the host's secret (a seller forging a customer) is not a share token, nor a user.
    const fake = await new SignJWT({ tid: 't', qid: 'Q-1', v: 2 }).setProtectedHeader({ alg: 'HS256' }).setIssuer('cpq-kit').setAudience('cpq-kit:share')
      .setJti('shl_x').setExpirationTime('5m').sign(key);
    assert.equal(await refusal(auth.identify(`Bearer ${fake}`)), 'invalid-token');
    assert.throws(() => new Authenticator({ secret: 'short' }, SHARE), /32 bytes/);
    assert.throws(() => new Authenticator({}, SHARE), /secret, a publicKey or a jwks/);
  });
});
