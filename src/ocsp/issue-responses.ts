import type { Engine, RngFactory } from '../crypto/types.js';
import type { ResolvedOcspResponse } from '../resolve/types.js';
import type { IssuedCertificate } from '../x509/issue.js';
import { ocspCertId } from './cert-id.js';
import { encodeOcspErrorResponse, encodeOcspResponse } from './encode.js';
import type { OcspCertStatus } from './types.js';

/** A built `<cert>.ocsp.der`. */
export interface IssuedOcspResponse {
  readonly cert: string;
  readonly der: Uint8Array;
}

/**
 * Signs a set's OCSP response fixtures: each about its certificate (SHA-1 CertID under its
 * issuer), signed by the resolved signer, which travels in `certs` when it is not the issuer.
 * Each draws from its own Rng stream (`ocsp:<cert>`), so seeded bytes depend only on the name.
 */
export function issueOcspResponses(
  responses: readonly ResolvedOcspResponse[],
  issued: ReadonlyMap<string, IssuedCertificate>,
  deps: { readonly engine: Engine; readonly rng: RngFactory },
): Promise<IssuedOcspResponse[]> {
  return Promise.all(
    responses.map(async (r) => {
      if (r.responseStatus !== 'successful') return { cert: r.cert, der: encodeOcspErrorResponse(r.responseStatus) };
      const issuer = issued.get(r.issuer)!;
      const signer = issued.get(r.signer)!;
      const der = await encodeOcspResponse(
        {
          signer: { key: signer.key, certificate: r.signer === r.issuer ? null : signer.der },
          responses: [{ certId: ocspCertId({ subjectDer: issuer.subjectDer, spki: issuer.key.spki }, issued.get(r.cert)!.serial), status: certStatus(r) }],
          thisUpdate: r.thisUpdate,
          nextUpdate: r.nextUpdate,
          producedAt: r.producedAt,
        },
        { engine: deps.engine, rng: deps.rng.forLabel(`ocsp:${r.cert}`), deterministic: deps.rng.deterministic },
      );
      return { cert: r.cert, der };
    }),
  );
}

function certStatus(r: ResolvedOcspResponse): OcspCertStatus {
  return r.status === 'revoked' ? { status: 'revoked', revocationTime: r.revocationTime!, reason: r.revocationReason } : { status: r.status };
}
