/**
 * `publish: URL`: the revocation and issuer URLs an issued certificate carries when the template
 * names a base URL (docs/negative-fixtures.md). The paths are the ones `certgen serve`
 * answers: `<set>/<issuer>.crl`, `<set>/ocsp/<issuer>` and `<set>/<issuer>.cer`.
 */
import type { LoopbackOrigin } from '../values/publish.js';

/** The URL lists `publish` gives one issued certificate; each is overridden by the certificate's own. */
export interface PublishedUrls {
  /** Only where the issuer has a `crl` (there is nothing to fetch otherwise). */
  readonly crlDistributionPoints: readonly string[] | undefined;
  readonly ocsp: readonly string[];
  readonly caIssuers: readonly string[];
}

/** The published paths of one set, relative to the server root (src/serve/http-server.ts routes the same ones). */
const servedPaths = {
  crl: (set: string, ca: string) => `/${set}/${ca}.crl`,
  cer: (set: string, ca: string) => `/${set}/${ca}.cer`,
  ocsp: (set: string, ca: string) => `/${set}/ocsp/${ca}`,
};

export function publishedUrls(origin: LoopbackOrigin, set: string, issuer: string, issuerHasCrl: boolean): PublishedUrls {
  return {
    crlDistributionPoints: issuerHasCrl ? [origin.url + servedPaths.crl(set, issuer)] : undefined,
    ocsp: [origin.url + servedPaths.ocsp(set, issuer)],
    caIssuers: [origin.url + servedPaths.cer(set, issuer)],
  };
}
