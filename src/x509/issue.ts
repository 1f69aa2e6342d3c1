import { constants, verify } from 'node:crypto';
import { HASH_LENGTH, signatureAlgorithm } from '../crypto/algorithms.js';
import { publicKeyObject } from '../crypto/key-objects.js';
import type { Engine, KeyPair, Rng } from '../crypto/types.js';
import type { ResolvedCertificate } from '../resolve/types.js';
import type { SignatureSpec } from '../values/types.js';
import { bitString, explicit, integerBytes, seq, seqOf, smallInteger, time } from '../der/write.js';
import { encodeExtension } from './extensions/index.js';
import { EXTENSION_OIDS } from '../values/oids.js';
import { decodeSubjectKeyIdentifier, keyIdentifier } from './extensions/key-identifiers.js';
import { encodeName } from './name.js';
import { subjectPublicKeyBits } from './spki.js';

/** An issuer as signing needs it: its name bytes, key identifier and key. */
export interface IssuerContext {
  readonly subjectDer: Uint8Array;
  readonly keyId: Uint8Array;
  readonly key: KeyPair;
}

/** An issued certificate: immutable DER plus what its subjects and stores need. */
export interface IssuedCertificate {
  readonly resolved: ResolvedCertificate;
  readonly der: Uint8Array;
  readonly key: KeyPair;
  readonly subjectDer: Uint8Array;
  readonly keyId: Uint8Array;
  readonly serial: Uint8Array;
}

/** How to sign: the engine, the Rng for randomized parts (PSS salts), and whether to be deterministic. */
export interface Signing {
  readonly engine: Engine;
  readonly rng: Rng;
  readonly deterministic: boolean;
}

/**
 * Builds and signs one certificate. `issuer` null means self-signed. The first signature each
 * signer key makes with each signature algorithm is verified with its public key before the
 * certificate is returned (Go checks every one "to ensure the crypto.Signer behaved correctly"):
 * a failure is a certgen bug, not a template error. Later signatures come from the same key, the
 * same algorithm and the same code, so checking each of a thousand leaves again (~50 µs apiece,
 * a tenth of a leaf's cost) would find nothing the first check did not.
 *
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT v3, serialNumber, signature AlgorithmIdentifier,
 *   issuer Name, validity Validity, subject Name, subjectPublicKeyInfo, extensions [3] EXPLICIT Extensions }
 */
export async function issueCertificate(
  cert: ResolvedCertificate,
  key: KeyPair,
  issuer: IssuerContext | null,
  serial: Uint8Array,
  signing: Signing,
): Promise<IssuedCertificate> {
  const subjectDer = encodeName(cert.subject);
  const keyId = subjectKeyId(cert, key);
  const signer = issuer ?? { subjectDer, keyId, key };
  const algorithm = signatureAlgorithm(signer.key.spec, cert.signature);
  const extensions = cert.extensions.map((e) => encodeExtension(e, { subjectKeyId: keyId, issuerKeyId: signer.keyId }));
  const tbs = seq(
    VERSION_V3,
    integerBytes(serial),
    algorithm.der,
    signer.subjectDer,
    validity(cert.notBefore, cert.notAfter),
    subjectDer,
    key.spki,
    ...(extensions.length > 0 ? [explicit(3, seqOf(extensions))] : []),
  );
  const signature = await signing.engine.sign(signer.key, cert.signature, tbs, signing.rng, signing.deterministic);
  if (!verified(signer.key, cert.signature)) {
    await verifyBack(cert, tbs, signature, signer.key);
    markVerified(signer.key, cert.signature);
  }
  const der = seq(tbs, algorithm.der, bitString(signature));
  return { resolved: cert, der, key, subjectDer, keyId, serial };
}

/** `version [0] EXPLICIT Version` with v3 (2): the same bytes in every certificate. */
const VERSION_V3 = explicit(0, smallInteger(2));

/** Validity, encoded once per distinct pair: a set's leaves usually share one. */
const validities = new Map<string, Uint8Array>();
function validity(notBefore: Date, notAfter: Date): Uint8Array {
  const key = `${notBefore.getTime()}/${notAfter.getTime()}`;
  let der = validities.get(key);
  if (der === undefined) {
    if (validities.size >= 64) validities.clear(); // a long-lived process issuing with many clocks
    validities.set(key, (der = seq(time(notBefore), time(notAfter))));
  }
  return der;
}

/** The signature algorithms each signer key's signatures were checked with (verifyBack). */
const verifiedWith = new WeakMap<KeyPair, Set<string>>();
const algorithmKey = (spec: SignatureSpec): string => `${spec.hash}/${spec.pss}`;
const verified = (key: KeyPair, spec: SignatureSpec): boolean => verifiedWith.get(key)?.has(algorithmKey(spec)) ?? false;
function markVerified(key: KeyPair, spec: SignatureSpec): void {
  let algorithms = verifiedWith.get(key);
  if (!algorithms) verifiedWith.set(key, (algorithms = new Set()));
  algorithms.add(algorithmKey(spec));
}

/**
 * The certificate's subjectKeyIdentifier: a raw one from the template when given (its children's
 * AKI must equal it, RFC 5280 4.2.1.1), else RFC 5280 method 1.
 */
function subjectKeyId(cert: ResolvedCertificate, key: KeyPair): Uint8Array {
  const raw = cert.extensions.find((e) => e.kind === 'raw' && e.oid === EXTENSION_OIDS.subjectKeyIdentifier);
  if (raw?.kind === 'raw') {
    try {
      return decodeSubjectKeyIdentifier(raw.value);
    } catch {
      // Not an OCTET STRING (a deliberately broken fixture): children get the computed identifier.
    }
  }
  return keyIdentifier(subjectPublicKeyBits(key.spki));
}

/**
 * The signature over the TBS bytes just built, checked with the issuer's public key (parsed once
 * per issuer) as the certificate's own signatureAlgorithm says: hash, PKCS#1 v1.5 or PSS with a
 * hash-length salt, ECDSA in DER, Ed25519 without pre-hash. RSA checks run in libuv's thread pool,
 * ECDSA and Ed25519 ones inline (tens of µs, less than the round trip). (Parsing the whole
 * certificate back with X509Certificate cost ~1 ms a certificate for the same check.)
 */
async function verifyBack(cert: ResolvedCertificate, tbs: Uint8Array, signature: Uint8Array, signerKey: KeyPair): Promise<void> {
  const key = publicKeyObject(signerKey);
  const { hash, pss } = cert.signature;
  let ok: boolean;
  if (signerKey.spec.type === 'ed25519') ok = verify(null, tbs, key, signature);
  else if (signerKey.spec.type === 'ec') ok = verify(hash, tbs, { key, dsaEncoding: 'der' }, signature);
  else {
    const padding = pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[hash] } : { padding: constants.RSA_PKCS1_PADDING };
    ok = await new Promise<boolean>((resolve, reject) => verify(hash, tbs, { key, ...padding }, signature, (error, result) => (error ? reject(error) : resolve(result))));
  }
  if (!ok) throw new Error(`internal error: the signature of "${cert.name}" does not verify`);
}
