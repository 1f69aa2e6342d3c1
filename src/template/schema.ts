/**
 * The JSON Schema of the template format (docs/templates.md). `certgen schema` prints this
 * object and the loader validates against it, so the documentation cannot drift from the check.
 * Structure is checked here; values with a grammar of their own (durations, RFC 4514 subjects,
 * SAN entries, hex) are parsed in `values/` with messages that name the field. `shape.ts` checks that
 * this schema and the types in `types.ts` describe the same format.
 */
import { STORE_EXTENSIONS, STORE_TYPES } from '../stores/formats.js';
import { KEY_NAMES } from '../values/key.js';
import { ATTRIBUTE_NAMES, KEY_USAGE_NAMES, REVOCATION_REASONS } from '../values/types.js';

import { MAX_ITERATIONS } from '../stores/pkcs12-kdf.js';

// Names become file names (`<name>.fullchain.pem`): 64 characters keep every one far below NAME_MAX.
export const NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
const STORE_PATTERN = `^[a-z0-9][a-z0-9._-]{0,95}\\.(${STORE_EXTENSIONS.join('|')})$`;
const OID_PATTERN = '^[0-2](\\.(0|[1-9][0-9]*))+$';

const time = {
  type: 'string',
  description: 'An ISO 8601 time (2026-01-01T00:00:00Z) or a duration relative to the epoch: -1h, 30d, 2y (units s m h d w y).',
} as const;

const keySpec = {
  description:
    'p256 (default) | p384 | p521 | rsa2048 | rsa3072 | rsa4096 | ed25519, or {type: rsa, size}, {type: ec, curve}, {type: ed25519}, or {sameAs: NAME} to reuse another certificate\'s key.',
  'x-expected': 'p256, p384, p521, rsa2048, rsa3072, rsa4096, ed25519, {type: rsa, size: N}, {type: ec, curve: P-256|P-384|P-521}, {type: ed25519} or {sameAs: NAME}',
  oneOf: [
    { type: 'string', enum: KEY_NAMES },
    {
      type: 'object',
      required: ['type', 'size'],
      additionalProperties: false,
      properties: {
        type: { const: 'rsa' },
        size: { type: 'integer', minimum: 1024, maximum: 8192, multipleOf: 256, description: 'Modulus bits, 1024-8192, a multiple of 256.' },
      },
    },
    {
      type: 'object',
      required: ['type', 'curve'],
      additionalProperties: false,
      properties: { type: { const: 'ec' }, curve: { enum: ['P-256', 'P-384', 'P-521'] } },
    },
    { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'ed25519' } } },
    {
      type: 'object',
      required: ['sameAs'],
      additionalProperties: false,
      properties: { sameAs: { type: 'string', pattern: NAME_PATTERN, description: 'Reuse this certificate\'s key pair (same SPKI pin).' } },
    },
  ],
} as const;

const validity = {
  type: 'object',
  additionalProperties: false,
  description: 'Validity window. Default: notBefore = epoch - 1h, 397 days (deterministic mode: until 9999-12-31T23:59:59Z).',
  properties: {
    notBefore: time,
    notAfter: { ...time, description: 'Wins over days.' },
    days: { type: 'number', exclusiveMinimum: 0, description: 'Days counted from notBefore.' },
  },
} as const;

const hash = {
  enum: ['sha256', 'sha384', 'sha512', 'sha1'],
  description: 'Signature hash. Default from the issuer\'s key: sha256, sha384 for P-384, sha512 for P-521. sha1 for negative tests only.',
} as const;

/** The same sub-schema under each of `keys`. */
const forEach = <K extends string, V>(keys: readonly K[], schema: V): Record<K, V> => Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, V>;

const stringList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description }) as const;

const subject = {
  description: 'RFC 4514 string (CN=localhost,O=certgen) or a map of CN O OU C ST L E DC serialNumber. Default CN=<name>.',
  'x-expected': 'an RFC 4514 string or a map of CN, O, OU, C, ST, L, E, DC, serialNumber',
  oneOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: forEach(ATTRIBUTE_NAMES, {
        'x-expected': 'a string or a list of strings',
        oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }],
      } as const),
    },
  ],
} as const;

const crl = {
  type: 'object',
  additionalProperties: false,
  description: 'Write <ca>.crl.pem and <ca>.crl.der, signed by this CA.',
  properties: {
    revoked: {
      type: 'array',
      description: 'Certificates issued by this CA to list as revoked.',
      items: {
        'x-expected': 'a certificate name or {cert: NAME, reason, date}',
        oneOf: [
          { type: 'string', pattern: NAME_PATTERN },
          {
            type: 'object',
            required: ['cert'],
            additionalProperties: false,
            properties: { cert: { type: 'string', pattern: NAME_PATTERN }, reason: { enum: REVOCATION_REASONS }, date: time },
          },
        ],
      },
    },
    thisUpdate: { ...time, description: 'Default epoch - 1h.' },
    nextUpdate: { ...time, description: 'Default thisUpdate + 30 days.' },
  },
} as const;

const ocspResponse = {
  description: 'Write <name>.ocsp.der, an OCSP response for this certificate (for stapling): true, or the fields below.',
  'x-expected': 'true or {status, revocationReason, thisUpdate, nextUpdate, producedAt, signer, responseStatus, expect}',
  oneOf: [
    { const: true },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { enum: ['good', 'revoked', 'unknown'], description: "Default: revoked where the issuer's crl lists the certificate (with that entry's date and reason), else good." },
        revocationReason: { enum: REVOCATION_REASONS, description: "With status revoked. Default: the CRL entry's reason." },
        thisUpdate: { ...time, description: 'Default epoch - 1h.' },
        nextUpdate: { ...time, description: 'Default thisUpdate + 7 days.' },
        producedAt: { ...time, description: 'Default thisUpdate.' },
        signer: { type: 'string', pattern: NAME_PATTERN, description: "The certificate whose key signs. Default: the issuer's ocspSigner, else the issuer." },
        responseStatus: {
          enum: ['successful', 'malformedRequest', 'internalError', 'tryLater', 'sigRequired', 'unauthorized'],
          description: 'Default successful; any other writes an error response with no body.',
        },
        expect: { enum: ['valid', 'expired', 'notYetValid', 'unauthorized', 'error'], description: 'What `certgen verify` must see. Default valid.' },
      },
    },
  ],
} as const;

/** A password: text, a YAML number (its digits) or `{env: VAR}` (read at build time, never printed). */
const password = (description: string) =>
  ({
    description,
    'x-expected': 'a string or {env: VAR}',
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'integer', minimum: 0 },
      { type: 'object', required: ['env'], additionalProperties: false, properties: { env: { type: 'string', minLength: 1 } } },
    ],
  }) as const;

/** Fields a certificate may set and `defaults` may set for all of them. */
const sharedCertificateFields = {
  key: keySpec,
  keyFormat: {
    enum: ['pkcs8', 'traditional'],
    description: 'The form of <name>.key.pem: pkcs8 (default, BEGIN PRIVATE KEY) or traditional (BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY; not for Ed25519).',
  },
  keyPassword: password(
    'Encrypts <name>.key.pem as PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC). Printable ASCII, or {env: VAR}. Not with keyFormat: traditional.',
  ),
  keyMode: {
    enum: ['0600', '0640', '0644', '0400', '0440', '0444'],
    description: 'The file mode of <name>.key.pem, an octal string (quote it in YAML). Default "0600". Keys inside stores are unaffected.',
  },
  hash,
  pss: { type: 'boolean', description: 'Sign with RSA-PSS (RSA issuers only).' },
  validity,
  crlDistributionPoints: stringList('CRL distribution point URIs.'),
  ocsp: stringList('OCSP responder URIs (authorityInfoAccess).'),
  caIssuers: stringList("URIs of the issuer's certificate (authorityInfoAccess caIssuers, beside ocsp)."),
} as const;

const certificate = {
  type: 'object',
  additionalProperties: false,
  properties: {
    issuer: { type: 'string', pattern: NAME_PATTERN, description: 'The issuing certificate\'s name. None: self-signed.' },
    profile: {
      enum: ['root', 'intermediate', 'server', 'client', 'dual', 'none', 'ocsp'],
      description: 'Defaults for basicConstraints, keyUsage and extKeyUsage. Default: root without an issuer, server with one.',
    },
    subject,
    san: stringList('Subject alternative names: DNS:, IP:, email:, URI: or bare. Default for server and dual: localhost, 127.0.0.1, ::1. [] writes none.'),
    ...sharedCertificateFields,
    extKeyUsage: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'serverAuth clientAuth codeSigning emailProtection timeStamping OCSPSigning any, or a dotted OID. [] writes none.',
    },
    keyUsage: {
      type: 'array',
      items: {
        enum: KEY_USAGE_NAMES,
      },
      description: 'Key usages. [] writes none.',
    },
    basicConstraints: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ca: { type: 'boolean' },
        pathLength: { type: 'integer', minimum: 0, maximum: 1000 },
        critical: { type: 'boolean', description: 'Default true.' },
      },
    },
    pathLength: { type: 'integer', minimum: 0, maximum: 1000, description: 'basicConstraints pathLenConstraint of a CA.' },
    nameConstraints: {
      type: 'object',
      additionalProperties: false,
      properties: {
        permitted: stringList('Permitted subtrees in SAN syntax: DNS:good.test, DNS:.good.test, IP:10.0.0.0/8, email:, URI:.'),
        excluded: stringList('Excluded subtrees in SAN syntax.'),
      },
    },
    serial: { type: 'string', pattern: '^(0x)?[0-9a-fA-F:]+$', description: 'Serial number in hex. Default: 16 random bytes, positive.' },
    extensions: {
      type: 'array',
      description: 'Raw extensions; one with the OID of a computed extension replaces it in place (unless malformed: true).',
      items: {
        type: 'object',
        required: ['oid', 'value'],
        additionalProperties: false,
        properties: {
          oid: { type: 'string', pattern: OID_PATTERN },
          critical: { type: 'boolean', description: 'Default false.' },
          value: { type: 'string', pattern: '^[0-9a-fA-F]*$', description: 'The extnValue contents as DER hex: exactly one DER TLV.' },
          malformed: {
            type: 'boolean',
            description: 'Write value unchecked (not one DER TLV; with a computed extension\'s OID, a second such extension): for fixtures that must not parse.',
          },
        },
      },
    },
    expect: {
      enum: ['valid', 'expired', 'notYetValid', 'hostname', 'purpose', 'untrusted', 'revoked', 'pathLength', 'nameConstraints', 'notCA', 'weakKey', 'weakSignature', 'selfSigned'],
      description: 'What `certgen verify` must see: valid (default) or the one reason the certificate is refused.',
    },
    checkHost: { type: 'string', minLength: 1, description: 'Host name `certgen verify` checks. Default localhost for server and dual leaves.' },
    crl,
    ocspSigner: { type: 'string', pattern: NAME_PATTERN, description: 'On a CA: the responder certificate (issued by this CA, profile ocsp) that signs its OCSP responses. Default: the CA itself.' },
    ocspResponse,
  },
} as const;

const storeEntry = {
  'x-expected': 'a certificate name or {cert: NAME, alias: TEXT}',
  oneOf: [
    { type: 'string', pattern: NAME_PATTERN },
    {
      type: 'object',
      required: ['cert'],
      additionalProperties: false,
      properties: { cert: { type: 'string', pattern: NAME_PATTERN }, alias: { type: 'string', minLength: 1 } },
    },
  ],
} as const;

const store = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { enum: STORE_TYPES, description: 'Set from the file extension.' },
    password: password('PKCS#12 password (printable ASCII), or {env: VAR}. Default changeit. A YAML number (password: 123456) is taken as its digits.'),
    keys: { type: 'array', items: storeEntry, description: 'Private-key entries (alias = certificate name) with their chains, in order.' },
    trusted: { type: 'array', items: storeEntry, description: 'Trusted-certificate entries.' },
    encryption: { enum: ['aes256', 'legacy'], description: 'aes256 (default): PBES2/AES-256-CBC, HMAC-SHA256 MAC. legacy: 3DES, SHA-1 MAC.' },
    iterations: { type: 'integer', minimum: 1, maximum: MAX_ITERATIONS, description: 'PBKDF and MAC iterations. Default 2048, at most 1,000,000.' },
    chain: {
      type: 'boolean',
      description: "Default true: each key entry with its chain up to the root. false: each key entry with its certificate alone (Go's x/crypto/pkcs12 reads one key and one certificate, with encryption: legacy).",
    },
  },
} as const;

export const TEMPLATE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://certgen.dev/schema/template-v1.json',
  title: 'certgen template',
  description: 'One file = one fixture set, written to out/<set>/.',
  type: 'object',
  required: ['version', 'certificates'],
  additionalProperties: false,
  properties: {
    version: { const: 1, description: 'Template format version; must be 1.' },
    name: { type: 'string', pattern: NAME_PATTERN, description: 'Set name (the output folder). Default: the file name without extension.' },
    seed: { type: 'string', minLength: 1, description: 'Deterministic mode: keys, serials and signatures derive from the seed. For tests only.' },
    epoch: { type: 'string', description: 'The ISO time relative times count from. Default: the clock, or 2019-06-01T00:00:00Z with a seed.' },
    defaults: { type: 'object', additionalProperties: false, properties: sharedCertificateFields, description: 'Applies to every certificate unless it says otherwise.' },
    certificates: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NAME_PATTERN },
      additionalProperties: certificate,
      description: 'Certificate name (a file stem) to certificate.',
    },
    stores: {
      type: 'object',
      propertyNames: { pattern: STORE_PATTERN },
      additionalProperties: store,
      description: 'File name (.p12, .pfx or .pem) to store.',
    },
    trust: { type: 'array', items: { type: 'string', pattern: NAME_PATTERN }, description: 'Trust anchors for `certgen verify`. Default: every self-signed CA.' },
    publish: {
      type: 'string',
      description:
        'Base URL `certgen serve` answers on (http://, a loopback host, a port): issued certificates get URL/<set>/<issuer>.crl (issuers with a crl), URL/<set>/ocsp/<issuer> and URL/<set>/<issuer>.cer unless they set crlDistributionPoints, ocsp or caIssuers.',
    },
  },
} as const;
