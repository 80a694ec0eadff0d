import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';

import type { SigningKeys } from './contracts.js';

/** A fresh ES384 key pair; `kid` is the JWK thumbprint of the public key. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    privateJwk: { ...privateJwk, kid, alg: 'ES384', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'ES384', use: 'sig' },
  };
}

/** Checks the shape of keys read from a data file. */
export function isSigningKeys(value: unknown): value is SigningKeys {
  if (typeof value !== 'object' || value === null) return false;
  const keys = value as { privateJwk?: JWK; publicJwk?: JWK };
  return (
    keys.privateJwk?.kty === 'EC' &&
    keys.publicJwk?.kty === 'EC' &&
    typeof keys.privateJwk.d === 'string' &&
    typeof keys.publicJwk.kid === 'string' &&
    keys.publicJwk.alg === 'ES384'
  );
}

export async function importPublicKey(keys: SigningKeys): Promise<CryptoKey> {
  return (await importJWK(keys.publicJwk, 'ES384')) as CryptoKey;
}

export async function importPrivateKey(keys: SigningKeys): Promise<CryptoKey> {
  return (await importJWK(keys.privateJwk, 'ES384')) as CryptoKey;
}
