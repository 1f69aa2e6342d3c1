import { signatureAlgorithm } from '../crypto/algorithms.js';
import type { ResolvedCrl } from '../resolve/types.js';
import type { RevocationReason } from '../values/types.js';
import { CRL_EXTENSION_OIDS } from '../values/oids.js';
import { bitString, explicit, integerBytes, octetString, oid, seq, seqOf, smallInteger, time, tlv } from '../der/write.js';
import { encodeAuthorityKeyIdentifier } from './extensions/key-identifiers.js';
import type { IssuedCertificate, Signing } from './issue.js';

export interface IssuedCrl {
  readonly issuer: string;
  readonly der: Uint8Array;
}

/** CRLReason ::= ENUMERATED (RFC 5280 5.3.1); value 7 is unused. OCSP's revocationReason is the same type. */
export const REASON_CODES: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

/**
 * TBSCertList ::= SEQUENCE { version v2, signature, issuer, thisUpdate, nextUpdate,
 *   revokedCertificates SEQUENCE OF SEQUENCE { userCertificate, revocationDate, crlEntryExtensions } OPTIONAL,
 *   crlExtensions [0] EXPLICIT Extensions }
 * with the AKI and a CRL number (RFC 5280 5.2: conforming CRL issuers MUST include both).
 * An empty list leaves revokedCertificates out, as DER and RFC 5280 5.1.2.6 require.
 */
export async function issueCrl(crl: ResolvedCrl, issued: ReadonlyMap<string, IssuedCertificate>, signing: Signing): Promise<IssuedCrl> {
  const ca = issued.get(crl.issuer)!;
  const algorithm = signatureAlgorithm(ca.key.spec, crl.signature);
  const entries = crl.revoked.map((r) => {
    const reason = r.reason === null ? [] : [seq(seq(oid(CRL_EXTENSION_OIDS.cRLReasons), octetString(tlv(0x0a, Uint8Array.of(REASON_CODES[r.reason])))))];
    return seq(integerBytes(issued.get(r.cert)!.serial), time(r.date), ...reason);
  });
  const extensions = seq(
    seq(oid(CRL_EXTENSION_OIDS.authorityKeyIdentifier), octetString(encodeAuthorityKeyIdentifier(ca.keyId))),
    seq(oid(CRL_EXTENSION_OIDS.cRLNumber), octetString(smallInteger(1))),
  );
  const tbs = seq(
    smallInteger(1),
    algorithm.der,
    ca.subjectDer,
    time(crl.thisUpdate),
    time(crl.nextUpdate),
    ...(entries.length > 0 ? [seqOf(entries)] : []),
    explicit(0, extensions),
  );
  const signature = await signing.engine.sign(ca.key, crl.signature, tbs, signing.rng, signing.deterministic);
  return { issuer: crl.issuer, der: seq(tbs, algorithm.der, bitString(signature)) };
}
