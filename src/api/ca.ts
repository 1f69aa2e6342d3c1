/**
 * `createCA()` and the CA handle (modelled on trustme's `CA()`, `issue_cert`, `create_child_ca`).
 * The CA is a one-certificate template run through the whole engine; what it issues goes through
 * the same resolver and x509 layer one certificate at a time (./issue-one.ts).
 */
import { CertgenError } from '../errors.js';
import { checkOptions } from './arguments.js';
import type { CertificateHandle } from './handle.js';
import { createHandle } from './handle.js';
import { issueOne, type IssuedOne, type IssuerState } from './issue-one.js';
import { issuedParts } from './issued-handles.js';
import { refuseFileFields, type CertificateOptions, type EngineName } from './options.js';
import { produceSet } from './pipeline.js';
import { loadTemplateObject, relocateError } from './template-object.js';

/** Options of `ca.issue()` and `ca.createIntermediate()`: the template's certificate fields plus a name. */
export type IssueOptions = CertificateOptions & {
  /**
   * The certificate's name: its default subject is `CN=<name>` and its pins.json entry says so.
   * Default: the profile's name (`server`, `client`, `intermediate`…), made unique within the chain
   * (`intermediate-2`). With a seed, one name always gives the same certificate.
   */
  readonly name?: string;
};

/** Options of `createCA()`: the template's certificate fields plus the set-level `seed` and `epoch`. */
export type CaOptions = CertificateOptions & {
  /** The CA's name; default `ca` (its default subject is then `CN=ca`). */
  readonly name?: string;
  /** Deterministic mode, as a template's `seed`: the CA and everything it issues derive from it. */
  readonly seed?: string;
  /** The time relative validity counts from (ISO 8601), as a template's `epoch`. Default: the clock at each call (with a seed, 2019-06-01T00:00:00Z). */
  readonly epoch?: string;
  /** Default `node` (Node's built-in crypto). */
  readonly engine?: EngineName;
};

/** A certificate authority: a certificate handle that can issue certificates in memory. */
export interface CaHandle extends CertificateHandle {
  /**
   * Issues a certificate signed by this CA. Profile default `server` (with SAN `localhost,
   * 127.0.0.1, ::1`); every template certificate field applies. A P-256 leaf takes about a
   * millisecond.
   */
  issue(options?: IssueOptions): Promise<CertificateHandle>;
  /**
   * Issues a CA certificate signed by this CA (profile default `intermediate`) and returns its
   * handle. `pathLength` is written only when given (trustme decrements it; certgen does not guess).
   */
  createIntermediate(options?: IssueOptions): Promise<CaHandle>;
}

const CREATE = 'createCA()';
const ISSUE = 'ca.issue()';
const INTERMEDIATE = 'ca.createIntermediate()';

/**
 * Creates a self-signed CA in memory (profile `root` unless given; key `p256` by default).
 *
 * @throws {CertgenError} when an option is invalid; `file` is `createCA()`, `path` the option.
 * @example
 * const ca = await createCA({ subject: 'CN=Test CA' });
 * const server = await ca.issue({ san: ['localhost'] });
 * https.createServer(server.serverOptions(), handler);
 */
export async function createCA(options: CaOptions = {}): Promise<CaHandle> {
  // Certificate fields, seed and epoch are the template schema's to check.
  checkOptions(options, CREATE, { name: 'string', engine: 'engine' }, false);
  const { name = 'ca', seed, epoch, engine = 'node', ...fields } = options;
  if ('issuer' in fields) throw new CertgenError('createCA makes a self-signed CA: use ca.createIntermediate() for an issued one', { file: CREATE, path: ['issuer'] });
  refuseFileFields(fields, CREATE);
  const template = {
    version: 1 as const,
    ...(seed !== undefined && { seed }),
    ...(epoch !== undefined && { epoch }),
    certificates: { [name]: fields },
  };
  let packaged;
  try {
    packaged = await produceSet(loadTemplateObject(template, CREATE), { engine });
  } catch (e) {
    throw relocateError(e, CREATE, name);
  }
  const chain = packaged.issued.certificates;
  return caHandle({ name, chain, seed, epoch, engine }, packaged.manifest.certificates[name]!);
}

function caHandle(state: IssuerState, info: IssuedOne['info']): CaHandle {
  return createHandle(issuedParts(state.name, state.chain, info), {
    issue: async (options: IssueOptions = {}): Promise<CertificateHandle> => {
      checkOptions(options, ISSUE, { name: 'string' }, false);
      const one = await issueOne(state, options, 'server', ISSUE);
      return createHandle(issuedParts(one.name, one.chain, one.info));
    },
    createIntermediate: async (options: IssueOptions = {}): Promise<CaHandle> => {
      checkOptions(options, INTERMEDIATE, { name: 'string' }, false);
      const one = await issueOne(state, options, 'intermediate', INTERMEDIATE);
      return caHandle({ ...state, name: one.name, chain: one.chain }, one.info);
    },
  });
}
