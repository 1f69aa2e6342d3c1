/**
 * A CRL as verify uses it: its validity window, its revoked serials, and whether its issuer's key
 * signed it. Node 20 cannot parse a CRL (only pass one to `tls`), so pkijs decodes it.
 */
import type { KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { serialHex } from '../values/hex.js';
import { signatureHashOf, verifyWith } from './algorithms.js';

const ID_CE_CRL_REASONS = '2.5.29.21';

export interface CrlFacts {
  readonly thisUpdate: Date;
  /** null when the CRL has none (RFC 5280 requires it; OpenSSL then treats the CRL as never expiring). */
  readonly nextUpdate: Date | null;
  /** Revoked serial (lowercase hex, no leading zeros) → revocation date. */
  readonly revoked: ReadonlyMap<string, Date>;
  /** Revoked serial → its reasonCode (CRLReason, RFC 5280 5.3.1) where the entry has one. */
  readonly reasonCodes: ReadonlyMap<string, number>;
  /** Checks the CRL's signature with the issuing CA's public key. */
  readonly signedBy: (issuerKey: KeyObject) => boolean;
}

export function crlFacts(der: Uint8Array): CrlFacts {
  const crl = pkijs.CertificateRevocationList.fromBER(new Uint8Array(der));
  const algorithm = crl.signatureAlgorithm.algorithmId;
  const hash = signatureHashOf(algorithm, crl.signatureAlgorithm.algorithmParams);
  const tbs = new Uint8Array(crl.tbsView);
  const signature = new Uint8Array(crl.signatureValue.valueBlock.valueHexView);
  return {
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate?.value ?? null,
    revoked: new Map((crl.revokedCertificates ?? []).map((r) => [serialHex(new Uint8Array(r.userCertificate.valueBlock.valueHexView)), r.revocationDate.value])),
    reasonCodes: new Map(
      (crl.revokedCertificates ?? []).flatMap((r) => {
        const code = r.crlEntryExtensions?.extensions.find((e) => e.extnID === ID_CE_CRL_REASONS)?.parsedValue as { valueBlock?: { valueDec?: number } } | undefined;
        const value = code?.valueBlock?.valueDec;
        return value === undefined ? [] : [[serialHex(new Uint8Array(r.userCertificate.valueBlock.valueHexView)), value] as const];
      }),
    ),
    signedBy: (key) => verifyWith(algorithm, hash, tbs, key, signature),
  };
}
