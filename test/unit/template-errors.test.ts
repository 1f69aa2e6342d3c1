/**
 * Bad templates fail cleanly: every row is a malformed template that must end in one CertgenError
 * naming the file, the field (a JavaScript-style path) and what is wrong, never
 * another exception. A few positive rows prove that the lenient forms docs/templates.md promises still parse.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CertgenError, formatPath } from '../../src/errors.js';
import { parseTemplate } from '../../src/template/load.js';
import { resolveSet } from '../../src/resolve/resolve-set.js';
import type { ResolvedSet } from '../../src/resolve/types.js';
import { BASE, certs, server, stores, type ErrorRow } from '../helpers/templates.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const ENV: Record<string, string> = { CERTGEN_TEST_PASSWORD: 'from-env' };
const FILE = 'templates/bad.yaml';

/** A row's `file` defaults to FILE. */
const ROWS: readonly ErrorRow[] = [
  // --- document and top level
  { name: 'missing version', yaml: 'certificates:\n  root: {}\n', path: '', message: /missing required field "version"/ },
  { name: 'wrong version', yaml: 'version: 2\ncertificates:\n  root: {}\n', path: 'version', message: /must be 1/ },
  { name: 'version as a string', yaml: 'version: "1"\ncertificates:\n  root: {}\n', path: 'version', message: /must be 1/ },
  { name: 'unknown top-level field', yaml: `${BASE}certficates: {}\n`, path: 'certficates', message: /^unknown field \(did you mean "certificates"\?\)$/ },
  { name: 'unknown top-level field, nothing close', yaml: `${BASE}colour: red\n`, path: 'colour', message: /unknown field \(allowed: version, name, .*certificates.*\)/ },
  { name: 'empty certificates', yaml: 'version: 1\ncertificates: {}\n', path: 'certificates', message: /must not be empty/ },
  { name: 'certificates left blank', yaml: 'version: 1\ncertificates:\n', path: 'certificates', message: /expected a map, not null/ },
  { name: 'empty file', yaml: '', path: '', message: /a template is a map with "version" and "certificates", not null/ },
  { name: 'a list, not a map', yaml: '- version: 1\n', path: '', message: /a template is a map .*not a list/ },
  { name: 'bad set name', yaml: `version: 1\nname: My_Set\ncertificates:\n  root: {}\n`, path: 'name', message: /"My_Set" does not match/ },
  { name: 'YAML syntax error', yaml: 'version: 1\ncertificates:\n  root: { subject: [unclosed\n', path: '', message: /^invalid YAML: .* at line 4, column 1$/ },
  { name: 'duplicate YAML key', yaml: 'version: 1\ncertificates:\n  root: {}\n  root: { profile: none }\n', path: '', message: /^invalid YAML: Map keys must be unique at line 4/ },
  { name: 'two YAML documents', yaml: `${BASE}---\n${BASE}`, path: '', message: /^invalid YAML: a template file holds one YAML document/ },
  { name: 'YAML alias bomb', yaml: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n${BASE}`, path: '', message: /^invalid YAML: Excessive alias count/ },
  { name: 'JSON syntax error', file: 'templates/bad.json', yaml: '{"version": 1, "certificates": {"root": {},}}', path: '', message: /^invalid JSON: / },
  { name: 'JSON error quoting lines of the file', file: 'templates/bad.json', yaml: '{"version": 1,\n "certificates": [\n1,\n]}', path: '', message: /^invalid JSON: Unexpected token '\]', .* is not valid JSON$/ },
  { name: 'JSON with a wrong type', file: 'templates/bad.json', yaml: '{"version": 1, "certificates": {"root": {"san": "localhost"}}}', path: 'certificates.root.san', message: /expected a list, not the string "localhost"/ },

  // --- certificate names and fields
  { name: 'unknown certificate field (typo isuer)', yaml: certs('  root: {}\n  server: { isuer: root }\n'), path: 'certificates.server.isuer', message: /^unknown field \(did you mean "issuer"\?\)$/ },
  { name: 'certificate name in uppercase', yaml: certs('  Root: {}\n'), path: 'certificates.Root', message: /invalid name: a certificate name is \[a-z0-9\]/ },
  { name: 'certificate name starting with -', yaml: certs('  -root: {}\n'), path: 'certificates["-root"]', message: /invalid name: a certificate name/ },
  { name: 'certificate name with /', yaml: certs('  "ca/root": {}\n'), path: 'certificates["ca/root"]', message: /invalid name: a certificate name/ },
  { name: 'certificate name ..', yaml: certs('  "..": {}\n'), path: 'certificates[".."]', message: /invalid name: a certificate name/ },
  { name: 'certificate name __proto__', yaml: certs('  __proto__: {}\n'), path: 'certificates.__proto__', message: /invalid name: a certificate name/ },
  { name: 'unknown field __proto__ on a certificate', yaml: server('__proto__: { issuer: root }'), path: 'certificates.server.__proto__', message: /unknown field/ },
  { name: 'a certificate that is not a map', yaml: certs('  root: CN=root\n'), path: 'certificates.root', message: /expected a map, not the string "CN=root"/ },
  { name: 'bad profile', yaml: server('profile: leaf'), path: 'certificates.server.profile', message: /must be one of "root", "intermediate", "server"/ },

  // --- issuer graph and key reuse
  {
    name: 'unknown issuer',
    yaml: certs('  root: {}\n  intermediate: { issuer: root, profile: intermediate }\n  server: { issuer: rooot }\n'),
    path: 'certificates.server.issuer',
    message: /unknown certificate "rooot" \(known: root, intermediate/,
  },
  { name: 'issuer that is not a name', yaml: certs('  root: {}\n  server: { issuer: Root }\n'), path: 'certificates.server.issuer', message: /"Root" does not match/ },
  { name: 'issuer cycle a -> b -> a', yaml: certs('  a: { issuer: b }\n  b: { issuer: a }\n'), path: 'certificates.b.issuer', message: /issuer cycle: a -> b -> a/ },
  { name: 'issuer cycle of three', yaml: certs('  a: { issuer: c }\n  b: { issuer: a }\n  c: { issuer: b }\n'), path: 'certificates.b.issuer', message: /issuer cycle: a -> c -> b -> a/ },
  { name: 'sameAs cycle', yaml: certs('  a: { key: { sameAs: b } }\n  b: { key: { sameAs: a } }\n'), path: 'certificates.b.key.sameAs', message: /sameAs cycle: a -> b -> a/ },
  { name: 'sameAs itself', yaml: certs('  a: { key: { sameAs: a } }\n'), path: 'certificates.a.key.sameAs', message: /cannot reuse its own key/ },
  { name: 'sameAs unknown', yaml: server('key: { sameAs: nope }'), path: 'certificates.server.key.sameAs', message: /unknown certificate "nope"/ },

  // --- keys and signatures
  { name: 'bad key string', yaml: server('key: p257'), path: 'certificates.server.key', message: /must be one of "p256", "p384"/ },
  { name: 'key as a number', yaml: server('key: 256'), path: 'certificates.server.key', message: /expected p256, .*\{type: rsa, size: N\}.*\{sameAs: NAME\}/ },
  { name: 'rsa size not a multiple of 256', yaml: server('key: { type: rsa, size: 2050 }'), path: 'certificates.server.key.size', message: /must be multiple of 256/ },
  { name: 'rsa size 512', yaml: server('key: { type: rsa, size: 512 }'), path: 'certificates.server.key.size', message: /must be >= 1024/ },
  { name: 'rsa without size', yaml: server('key: { type: rsa }'), path: 'certificates.server.key', message: /missing required field "size"/ },
  { name: 'bad curve', yaml: server('key: { type: ec, curve: P-192 }'), path: 'certificates.server.key.curve', message: /must be one of "P-256", "P-384", "P-521"/ },
  { name: 'unknown key type', yaml: server('key: { type: dsa }'), path: 'certificates.server.key', message: /expected p256, .*\{sameAs: NAME\}/ },
  { name: 'bad hash', yaml: server('hash: md5'), path: 'certificates.server.hash', message: /must be one of "sha256", "sha384", "sha512", "sha1"/ },
  { name: 'pss on an EC issuer', yaml: server('pss: true'), path: 'certificates.server.pss', message: /RSA-PSS needs an RSA issuer key/ },
  { name: 'hash on an Ed25519 issuer', yaml: certs('  root: { key: ed25519 }\n  server: { issuer: root, hash: sha256 }\n'), path: 'certificates.server.hash', message: /an Ed25519 issuer signs without a separate hash/ },

  // --- validity
  { name: 'bad duration -1x', yaml: server('validity: { notBefore: -1x }'), path: 'certificates.server.validity.notBefore', message: /"-1x" is neither an ISO 8601 time with a zone .* nor a duration/ },
  { name: 'ISO time without zone', yaml: server('validity: { notAfter: "2027-01-01T00:00:00" }'), path: 'certificates.server.validity.notAfter', message: /"2027-01-01T00:00:00" is neither an ISO 8601 time with a zone/ },
  { name: 'impossible date', yaml: server('validity: { notAfter: "2027-13-45T00:00:00Z" }'), path: 'certificates.server.validity.notAfter', message: /"2027-13-45T00:00:00Z" is not a valid date/ },
  { name: 'February 30', yaml: server('validity: { notAfter: "2028-02-30T00:00:00Z" }'), path: 'certificates.server.validity.notAfter', message: /"2028-02-30T00:00:00Z" is not a valid date/ },
  { name: 'time in the year 0000', yaml: server('validity: { notBefore: "0000-01-01T00:00:00Z" }'), path: 'certificates.server.validity.notBefore', message: /out of the range X\.509 can encode \(years 0001 to 9999\)/ },
  // --- issue 11, item 15: names and text that no certificate should carry, and messages that stay one line
  { name: 'DNS SAN label of 64 characters', yaml: server(`san: ["${'a'.repeat(64)}.test"]`), path: 'certificates.server.san[0]', message: /is 64 characters: a DNS label is at most 63/ },
  { name: 'DNS SAN name of 254 characters', yaml: server(`san: ["${Array(4).fill('a'.repeat(62)).join('.')}.test"]`), path: 'certificates.server.san[0]', message: /a DNS name is at most 253 characters, not 256/ },
  { name: 'DNS SAN name of 3 MB', yaml: server(`san: ["${'a.'.repeat(1.5e6)}test"]`), path: 'certificates.server.san[0]', message: /a DNS name is at most 253 characters, not 3000004/ },
  { name: 'DNS nameConstraints subtree label of 64 characters', yaml: certs(`  root: { nameConstraints: { permitted: ["DNS:.${'b'.repeat(64)}.test"] } }\n`), path: 'certificates.root.nameConstraints.permitted[0]', message: /a DNS label is at most 63/ },
  { name: 'NUL in a CN (map subject)', yaml: server('subject: { CN: "evil.test\\0.good.test" }'), path: 'certificates.server.subject', message: /CN contains a NUL character/ },
  { name: 'NUL in a CN (RFC 4514 escape)', yaml: server('subject: "CN=evil.test\\\\00.good.test"'), path: 'certificates.server.subject', message: /CN contains a NUL character/ },
  { name: 'lone surrogate in a CN', file: 'templates/bad.json', yaml: '{"version": 1, "certificates": {"root": {"subject": {"CN": "a\\ud800b"}}}}', path: 'certificates.root.subject', message: /CN contains a lone surrogate/ },
  { name: 'NUL in checkHost', yaml: server('checkHost: "localhost\\0.evil.test"'), path: 'certificates.server.checkHost', message: /the host name contains a NUL character/ },
  { name: 'newline in checkHost', yaml: server('checkHost: "local\\nhost"'), path: 'certificates.server.checkHost', message: /the host name contains a control character/ },
  { name: 'URI SAN with a newline, reported as a URI, escaped', yaml: server('san: ["URI:https://a.test/\\nx"]'), path: 'certificates.server.san[0]', message: /^"https:\/\/a\.test\/\\nx" is not an ASCII URI$/ },
  { name: 'DNS SAN with NUL and ESC, escaped in the message', yaml: server('san: ["a\\0b\\ec"]'), path: 'certificates.server.san[0]', message: /^"a\\u0000b\\u001bc" is not a DNS name$/ },
  { name: 'notAfter before notBefore', yaml: server('validity: { notBefore: "2026-02-01T00:00:00Z", notAfter: "2026-01-01T00:00:00Z" }'), path: 'certificates.server.validity.notAfter', message: /notAfter \(2026-01-01T00:00:00.*\) is before notBefore \(2026-02-01/ },
  { name: 'days 0', yaml: server('validity: { days: 0 }'), path: 'certificates.server.validity.days', message: /must be > 0/ },
  { name: 'days negative', yaml: server('validity: { days: -30 }'), path: 'certificates.server.validity.days', message: /must be > 0/ },
  { name: 'days as a string', yaml: server('validity: { days: "ten" }'), path: 'certificates.server.validity.days', message: /expected a number, not the string "ten"/ },
  { name: 'bad default validity', yaml: `version: 1\ndefaults:\n  validity: { notBefore: yesterday }\ncertificates:\n  root: {}\n`, path: 'certificates.root.validity.notBefore', message: /"yesterday" is neither/ },
  { name: 'epoch as a duration', yaml: `version: 1\nepoch: -5d\ncertificates:\n  root: {}\n`, path: 'epoch', message: /epoch must be an ISO 8601 time, not a duration/ },

  // --- subject
  { name: 'unknown subject attribute XX=foo', yaml: server('subject: "XX=foo"'), path: 'certificates.server.subject', message: /unknown attribute "XX" \(known: CN, O, OU/ },
  { name: 'subject attribute named constructor', yaml: server('subject: "constructor=x"'), path: 'certificates.server.subject', message: /unknown attribute "constructor"/ },
  { name: 'multi-valued RDN with +', yaml: server('subject: "CN=a+O=b"'), path: 'certificates.server.subject', message: /multi-valued RDNs \(\+\) are not supported/ },
  { name: 'C of three letters', yaml: server('subject: "C=DEU,CN=x"'), path: 'certificates.server.subject', message: /C must be a two-letter country code, not "DEU"/ },
  { name: 'C of one letter in map form', yaml: server('subject: { C: D, CN: x }'), path: 'certificates.server.subject', message: /C must be a two-letter country code, not "D"/ },
  { name: 'unknown map attribute', yaml: server('subject: { CN: x, XX: y }'), path: 'certificates.server.subject.XX', message: /unknown field \(allowed: CN, O, OU, C, ST, L, E, DC, serialNumber\)/ },
  { name: 'map attribute that is a number', yaml: server('subject: { CN: 5 }'), path: 'certificates.server.subject.CN', message: /expected a string or a list of strings/ },
  { name: 'OpenSSL-form subject with no attribute', yaml: server('subject: "/"'), path: 'certificates.server.subject', message: /a subject needs at least one attribute/ },
  { name: 'subject without =', yaml: server('subject: localhost'), path: 'certificates.server.subject', message: /"localhost" is not TYPE=value/ },
  { name: 'subject ending in a backslash', yaml: server('subject: "CN=a\\\\"'), path: 'certificates.server.subject', message: /lone backslash/ },
  { name: 'CN over 64 characters', yaml: server(`subject: "CN=${'x'.repeat(65)}"`), path: 'certificates.server.subject', message: /CN is longer than 64 characters/ },

  // --- SAN, usages, constraints
  { name: 'bad SAN IP 999.1.1.1', yaml: server('san: ["IP:999.1.1.1"]'), path: 'certificates.server.san[0]', message: /"999\.1\.1\.1" is not an IP address/ },
  { name: 'bad SAN email', yaml: server('san: [localhost, "email:nobody"]'), path: 'certificates.server.san[1]', message: /"nobody" is not an email address/ },
  { name: 'bad SAN URI', yaml: server('san: ["URI:not a uri"]'), path: 'certificates.server.san[0]', message: /"not a uri" is not a URI/ },
  { name: 'bad SAN DNS name', yaml: server('san: ["DNS:exa mple.test"]'), path: 'certificates.server.san[0]', message: /"exa mple\.test" is not a DNS name/ },
  { name: 'empty SAN entry', yaml: server('san: ["DNS:"]'), path: 'certificates.server.san[0]', message: /empty dns name/ },
  { name: 'SAN as a string', yaml: server('san: localhost'), path: 'certificates.server.san', message: /expected a list, not the string "localhost"/ },
  { name: 'bad extKeyUsage name', yaml: server('extKeyUsage: [serverAuth, serverAuht]'), path: 'certificates.server.extKeyUsage[1]', message: /unknown extended key usage "serverAuht" \(known: serverAuth/ },
  { name: 'extKeyUsage listed twice', yaml: server('extKeyUsage: [serverAuth, 1.3.6.1.5.5.7.3.1]'), path: 'certificates.server.extKeyUsage[1]', message: /"1\.3\.6\.1\.5\.5\.7\.3\.1" is listed twice/ },
  { name: 'bad keyUsage name', yaml: server('keyUsage: [digitalSig]'), path: 'certificates.server.keyUsage[0]', message: /must be one of "digitalSignature", "nonRepudiation"/ },
  { name: 'pathLength on a non-CA leaf', yaml: server('pathLength: 1'), path: 'certificates.server.pathLength', message: /pathLength is only meaningful on a CA/ },
  {
    name: 'pathLength conflicting with basicConstraints.pathLength',
    yaml: certs('  root: {}\n  intermediate: { issuer: root, profile: intermediate, pathLength: 1, basicConstraints: { pathLength: 2 } }\n'),
    path: 'certificates.intermediate.pathLength',
    message: /conflicts with basicConstraints\.pathLength \(2\)/,
  },
  { name: 'pathLength on profile none', yaml: certs('  root: { profile: none, pathLength: 0 }\n'), path: 'certificates.root.pathLength', message: /pathLength needs basicConstraints/ },
  { name: 'negative pathLength', yaml: certs('  root: { pathLength: -1 }\n'), path: 'certificates.root.pathLength', message: /must be >= 0/ },
  { name: 'nameConstraints CIDR /33', yaml: certs('  root: { nameConstraints: { permitted: ["DNS:.good.test", "IP:10.0.0.0/33"] } }\n'), path: 'certificates.root.nameConstraints.permitted[1]', message: /"10\.0\.0\.0\/33" has an invalid prefix length \(0 to 32\)/ },
  { name: 'nameConstraints without subtrees', yaml: certs('  root: { nameConstraints: {} }\n'), path: 'certificates.root.nameConstraints', message: /needs at least one permitted or excluded subtree/ },

  // --- serials, raw extensions, expect
  { name: 'serial not hex', yaml: server('serial: "12zz"'), path: 'certificates.server.serial', message: /"12zz" does not match/ },
  { name: 'serial zero', yaml: server('serial: "00"'), path: 'certificates.server.serial', message: /a serial must be positive/ },
  { name: 'serial of 21 bytes', yaml: server(`serial: "${'7f'.repeat(21)}"`), path: 'certificates.server.serial', message: /at most 20 octets/ },
  { name: 'serial of colons only', yaml: server('serial: "::"'), path: 'certificates.server.serial', message: /a serial needs at least one hex digit/ },
  { name: 'serial with odd colon-separated digits', yaml: server('serial: "a:b:c"'), path: 'certificates.server.serial', message: /even number of digits/ },
  { name: 'raw extension with bad OID', yaml: server('extensions: [{ oid: "1.2.x", value: "0500" }]'), path: 'certificates.server.extensions[0].oid', message: /"1\.2\.x" does not match/ },
  { name: 'raw extension with odd-length hex', yaml: server('extensions: [{ oid: "1.2.3.4", value: "050" }]'), path: 'certificates.server.extensions[0].value', message: /hex must have an even number of digits/ },
  { name: 'raw extension with non-hex value', yaml: server('extensions: [{ oid: "1.2.3.4", value: "zz" }]'), path: 'certificates.server.extensions[0].value', message: /"zz" does not match/ },
  { name: 'raw extension listed twice', yaml: server('extensions: [{ oid: "1.2.3.4", value: "0500" }, { oid: "1.2.3.4", value: "0500" }]'), path: 'certificates.server.extensions[1].oid', message: /extension 1\.2\.3\.4 is listed twice/ },
  { name: 'raw extension without value', yaml: server('extensions: [{ oid: "1.2.3.4" }]'), path: 'certificates.server.extensions[0]', message: /missing required field "value"/ },
  { name: 'raw extension value with trailing bytes', yaml: server('extensions: [{ oid: "1.2.3.4", value: "05000500" }]'), path: 'certificates.server.extensions[0].value', message: /not exactly one DER TLV: 2 trailing bytes after the first TLV \(malformed: true writes it unchecked\)/ },
  { name: 'raw extension value with a length past the end', yaml: server('extensions: [{ oid: "1.2.3.4", value: "300d" }]'), path: 'certificates.server.extensions[0].value', message: /not exactly one DER TLV: length 13 at byte 0 runs past the end/ },
  { name: 'raw extension value that is empty', yaml: server('extensions: [{ oid: "1.2.3.4", value: "" }]'), path: 'certificates.server.extensions[0].value', message: /not exactly one DER TLV: empty/ },
  { name: 'raw extension value with an indefinite length', yaml: server('extensions: [{ oid: "1.2.3.4", value: "308005000000" }]'), path: 'certificates.server.extensions[0].value', message: /indefinite length at byte 0 \(BER, not DER\)/ },
  { name: 'raw extension value with a non-minimal length', yaml: server('extensions: [{ oid: "1.2.3.4", value: "04810100" }]'), path: 'certificates.server.extensions[0].value', message: /non-minimal length/ },
  { name: 'raw extension value broken inside a SEQUENCE', yaml: server('extensions: [{ oid: "2.5.29.17", value: "3004820a6f74" }]'), path: 'certificates.server.extensions[0].value', message: /length 10 at byte 2 runs past the end/ },
  { name: 'raw extension malformed not a boolean', yaml: server('extensions: [{ oid: "1.2.3.4", value: "0500", malformed: yes-please }]'), path: 'certificates.server.extensions[0].malformed', message: /expected true or false/ },
  { name: 'caIssuers not a list', yaml: server('caIssuers: "http://ca.test/ca.cer"'), path: 'certificates.server.caIssuers', message: /expected a list, not the string/ },
  { name: 'caIssuers with an empty URI', yaml: server('caIssuers: [""]'), path: 'certificates.server.caIssuers[0]', message: /must not be empty/ },
  { name: 'bad expect value', yaml: server('expect: broken'), path: 'certificates.server.expect', message: /must be one of "valid", "expired"/ },

  // --- key files (keyFormat, keyPassword, keyMode)
  { name: 'bad keyFormat', yaml: server('keyFormat: pkcs1'), path: 'certificates.server.keyFormat', message: /must be one of "pkcs8", "traditional"/ },
  { name: 'keyFormat traditional on Ed25519', yaml: server('key: ed25519, keyFormat: traditional'), path: 'certificates.server.keyFormat', message: /"server" has an Ed25519 key, which has no traditional \(PKCS#1\/SEC 1\) form/ },
  { name: 'defaults.keyFormat traditional with an Ed25519 certificate', yaml: `${server('key: ed25519')}defaults: { keyFormat: traditional }\n`, path: 'defaults.keyFormat', message: /"server" has an Ed25519 key/ },
  { name: 'keyPassword with keyFormat traditional', yaml: server('keyFormat: traditional, keyPassword: secret'), path: 'certificates.server.keyPassword', message: /an encrypted key file is PKCS#8 .*remove keyFormat: traditional/ },
  { name: 'keyPassword empty', yaml: server('keyPassword: ""'), path: 'certificates.server.keyPassword', message: /must not be empty/ },
  { name: 'keyPassword non-ASCII', yaml: server('keyPassword: "pässwort"'), path: 'certificates.server.keyPassword', message: /a key password must be non-empty printable ASCII/ },
  { name: 'keyPassword from an unset env variable', yaml: server('keyPassword: { env: NOPE }'), path: 'certificates.server.keyPassword.env', message: /environment variable NOPE is not set/ },
  { name: 'keyPassword as a list', yaml: server('keyPassword: [secret]'), path: 'certificates.server.keyPassword', message: /expected a string or \{env: VAR\}/ },
  { name: 'keyPassword with an unknown field', yaml: server('keyPassword: { env: X, file: y }'), path: 'certificates.server.keyPassword.file', message: /unknown field \(allowed: env\)/ },
  { name: 'keyMode with an execute bit', yaml: server('keyMode: "0700"'), path: 'certificates.server.keyMode', message: /must be one of "0600", "0640", "0644", "0400", "0440", "0444"/ },
  { name: 'keyMode writable by others', yaml: server('keyMode: "0666"'), path: 'certificates.server.keyMode', message: /must be one of "0600"/ },
  { name: 'keyMode unquoted (a YAML number)', yaml: server('keyMode: 0640'), path: 'certificates.server.keyMode', message: /must be one of "0600"/ },
  { name: 'keyMode in defaults, bad', yaml: `${BASE}defaults: { keyMode: "600" }\n`, path: 'defaults.keyMode', message: /must be one of "0600"/ },

  // --- stores
  { name: 'store named Bad.p12', yaml: stores('  Bad.p12: { keys: [server] }\n'), path: 'stores["Bad.p12"]', message: /invalid name: a store is a file name .* ending in \.p12, \.pfx or \.pem/ },
  { name: 'store named x.jks', yaml: stores('  x.jks: { keys: [server] }\n'), path: 'stores["x.jks"]', message: /invalid name: a store is a file name/ },
  { name: 'store referencing an unknown cert', yaml: stores('  middle.p12: { keys: [server, clinet] }\n'), path: 'stores["middle.p12"].keys[1]', message: /unknown certificate "clinet" \(known: root, intermediate, server\)/ },
  { name: 'store trusting an unknown cert', yaml: stores('  trust.pem:\n    trusted: [{ cert: rooot }]\n'), path: 'stores["trust.pem"].trusted[0]', message: /unknown certificate "rooot"/ },
  { name: 'store with no entries', yaml: stores('  middle.p12: {}\n'), path: 'stores["middle.p12"]', message: /a store needs "keys" or "trusted" entries/ },
  { name: 'store with empty lists', yaml: stores('  middle.p12: { keys: [], trusted: [] }\n'), path: 'stores["middle.p12"]', message: /a store needs "keys" or "trusted" entries/ },
  { name: 'store entry with a typo', yaml: stores('  ks.p12: { keys: [{ cert: server, alais: srv }] }\n'), path: 'stores["ks.p12"].keys[0].alais', message: /^unknown field \(did you mean "alias"\?\)$/ },
  { name: 'duplicate alias, differing in case', yaml: stores('  ks.p12: { keys: [server, { cert: intermediate, alias: SERVER }] }\n'), path: 'stores["ks.p12"].keys[1]', message: /alias "server" is used twice in this store \(Java ignores case\)/ },
  { name: 'duplicate alias across keys and trusted', yaml: stores('  ks.p12: { keys: [server], trusted: [{ cert: root, alias: Server }] }\n'), path: 'stores["ks.p12"].trusted[0]', message: /alias "server" is used twice/ },
  { name: 'two key entries for one certificate', yaml: stores('  ks.p12: { keys: [server, { cert: server, alias: other }] }\n'), path: 'stores["ks.p12"].keys[1]', message: /certificate "server" already has a key entry/ },
  { name: 'password from an unset env variable', yaml: stores('  ks.p12: { password: { env: NOPE }, keys: [server] }\n'), path: 'stores["ks.p12"].password.env', message: /environment variable NOPE is not set/ },
  { name: 'non-ASCII password', yaml: stores('  ks.p12: { password: "pässwort", keys: [server] }\n'), path: 'stores["ks.p12"].password', message: /a PKCS#12 password must be non-empty printable ASCII/ },
  { name: 'password that is a list', yaml: stores('  ks.p12: { password: [secret], keys: [server] }\n'), path: 'stores["ks.p12"].password', message: /expected a string or \{env: VAR\}/ },
  { name: 'PEM store with a password', yaml: stores('  trust.pem: { password: secret, trusted: [root] }\n'), path: 'stores["trust.pem"].password', message: /a PEM store is not encrypted/ },
  { name: 'store type against its extension', yaml: stores('  trust.p12: { type: pem, trusted: [root] }\n'), path: 'stores["trust.p12"].type', message: /a \.p12 file is pkcs12, not pem/ },
  { name: 'store colliding with a certificate file', yaml: stores('  server.pem: { trusted: [root] }\n'), path: 'stores["server.pem"]', message: /collides with a certificate's file/ },
  { name: 'store colliding with a key file', yaml: stores('  server.key.pem: { trusted: [root] }\n'), path: 'stores["server.key.pem"]', message: /collides with a certificate's file/ },
  { name: 'store chain not a boolean', yaml: stores('  ks.p12: { chain: no-issuers, keys: [server] }\n'), path: 'stores["ks.p12"].chain', message: /expected true or false, not the string "no-issuers"/ },
  { name: 'store colliding with a public-key file', yaml: stores('  server.pub.pem: { trusted: [root] }\n'), path: 'stores["server.pub.pem"]', message: /collides with a certificate's file/ },
  { name: 'bad encryption', yaml: stores('  ks.p12: { encryption: rc2, keys: [server] }\n'), path: 'stores["ks.p12"].encryption', message: /must be one of "aes256", "legacy"/ },

  // --- trust and CRLs
  { name: 'unknown trust name', yaml: `${BASE}trust: [root, nope]\n`, path: 'trust[1]', message: /unknown certificate "nope"/ },
  { name: 'crl on a leaf', yaml: certs('  root: {}\n  server: { issuer: root, crl: { revoked: [] } }\n'), path: 'certificates.server.crl', message: /only a CA can sign a CRL/ },
  { name: 'crl revoking a cert not issued by that CA', yaml: certs('  root: { crl: { revoked: [server] } }\n  intermediate: { issuer: root, profile: intermediate }\n  server: { issuer: intermediate }\n'), path: 'certificates.root.crl.revoked[0]', message: /"server" is not issued by root/ },
  { name: 'crl revoking an unknown cert', yaml: certs('  root: { crl: { revoked: [{ cert: ghost, reason: keyCompromise }] } }\n'), path: 'certificates.root.crl.revoked[0]', message: /unknown certificate "ghost"/ },
  { name: 'crl with a bad reason', yaml: certs('  root: { crl: { revoked: [{ cert: root, reason: stolen }] } }\n'), path: 'certificates.root.crl.revoked[0].reason', message: /must be one of "unspecified", "keyCompromise"/ },
  // --- publish (the base URL certgen serve answers on: loopback http with a port)
  { name: 'publish over https', yaml: `${BASE}publish: https://127.0.0.1:8099\n`, path: 'publish', message: /is not an http:\/\/HOST:PORT URL/ },
  { name: 'publish on a non-loopback host', yaml: `${BASE}publish: http://10.0.0.1:8099\n`, path: 'publish', message: /10\.0\.0\.1 is not a loopback host/ },
  { name: 'publish without a port', yaml: `${BASE}publish: http://127.0.0.1\n`, path: 'publish', message: /needs an explicit port/ },
  { name: 'publish with a path', yaml: `${BASE}publish: http://127.0.0.1:8099/pki\n`, path: 'publish', message: /no path/ },
  { name: 'publish with port 0', yaml: `${BASE}publish: http://localhost:0\n`, path: 'publish', message: /port 0 is out of range/ },
  { name: 'publish as a list', yaml: `${BASE}publish: [http://127.0.0.1:8099]\n`, path: 'publish', message: /expected a string/ },
  { name: 'crl nextUpdate before thisUpdate', yaml: certs('  root: { crl: { thisUpdate: -1h, nextUpdate: -2h } }\n'), path: 'certificates.root.crl.nextUpdate', message: /nextUpdate is before thisUpdate/ },

  // --- OCSP: ocspSigner on a CA, ocspResponse on an issued certificate
  { name: 'ocspSigner naming an unknown certificate', yaml: certs('  root: { ocspSigner: respondr }\n  responder: { issuer: root, profile: ocsp }\n'), path: 'certificates.root.ocspSigner', message: /unknown certificate "respondr" \(known: root, responder\)/ },
  { name: 'ocspSigner not issued by that CA', yaml: server('profile: ocsp').replace('  root: {}', '  root: { ocspSigner: server }'), path: 'certificates.root.ocspSigner', message: /"server" is not issued by root/ },
  { name: 'ocspSigner naming the CA itself', yaml: certs('  root: { ocspSigner: root }\n'), path: 'certificates.root.ocspSigner', message: /"root" is not issued by root/ },
  { name: 'ocspSigner on a leaf', yaml: certs('  root: {}\n  server: { issuer: root, ocspSigner: root }\n'), path: 'certificates.server.ocspSigner', message: /only a CA has an OCSP signer/ },
  { name: 'ocspSigner that is not a name', yaml: certs('  root: { ocspSigner: [responder] }\n'), path: 'certificates.root.ocspSigner', message: /expected a string, not a list/ },
  { name: 'ocspResponse neither true nor a map', yaml: server('ocspResponse: yes-please'), path: 'certificates.server.ocspResponse', message: /expected true or \{status, revocationReason/ },
  { name: 'ocspResponse: false', yaml: server('ocspResponse: false'), path: 'certificates.server.ocspResponse', message: /expected true or \{status/ },
  { name: 'ocspResponse on a self-signed certificate', yaml: certs('  root: { ocspResponse: true }\n'), path: 'certificates.root.ocspResponse', message: /a self-signed certificate has no issuer to answer for it/ },
  { name: 'ocspResponse with an unknown field', yaml: server('ocspResponse: { staus: good }'), path: 'certificates.server.ocspResponse.staus', message: /unknown field \(did you mean "status"\?\)/ },
  { name: 'ocspResponse with a bad status', yaml: server('ocspResponse: { status: ok }'), path: 'certificates.server.ocspResponse.status', message: /must be one of "good", "revoked", "unknown"/ },
  { name: 'ocspResponse with a bad reason', yaml: server('ocspResponse: { status: revoked, revocationReason: stolen }'), path: 'certificates.server.ocspResponse.revocationReason', message: /must be one of "unspecified", "keyCompromise"/ },
  { name: 'ocspResponse with a reason but status good', yaml: server('ocspResponse: { status: good, revocationReason: keyCompromise }'), path: 'certificates.server.ocspResponse.revocationReason', message: /a reason needs status revoked, not good/ },
  { name: 'ocspResponse with a bad thisUpdate', yaml: server('ocspResponse: { thisUpdate: yesterday }'), path: 'certificates.server.ocspResponse.thisUpdate', message: /"yesterday" is neither an ISO 8601 time/ },
  { name: 'ocspResponse with a bad producedAt', yaml: server('ocspResponse: { producedAt: 2026-02-30T00:00:00Z }'), path: 'certificates.server.ocspResponse.producedAt', message: /is not a valid date/ },
  { name: 'ocspResponse nextUpdate before thisUpdate', yaml: server('ocspResponse: { thisUpdate: -1h, nextUpdate: -2h }'), path: 'certificates.server.ocspResponse.nextUpdate', message: /nextUpdate is before thisUpdate/ },
  { name: 'ocspResponse signed by an unknown certificate', yaml: server('ocspResponse: { signer: ghost }'), path: 'certificates.server.ocspResponse.signer', message: /unknown certificate "ghost"/ },
  { name: 'ocspResponse with a bad responseStatus', yaml: server('ocspResponse: { responseStatus: busy }'), path: 'certificates.server.ocspResponse.responseStatus', message: /must be one of "successful", "malformedRequest"/ },
  { name: 'ocspResponse with a bad expect', yaml: server('ocspResponse: { expect: revoked }'), path: 'certificates.server.ocspResponse.expect', message: /must be one of "valid", "expired", "notYetValid", "unauthorized", "error"/ },
];

function attempt(row: Pick<ErrorRow, 'yaml'> & { file?: string }): ResolvedSet {
  const loaded = parseTemplate(row.yaml, row.file ?? FILE);
  return resolveSet(loaded, { now: NOW, env: ENV });
}

describe('malformed templates fail with one CertgenError naming file, field and problem', () => {
  it('has a table of at least 30 rows with unique names', () => {
    assert.ok(ROWS.length >= 30, `${ROWS.length} rows`);
    assert.equal(new Set(ROWS.map((r) => r.name)).size, ROWS.length);
  });

  for (const row of ROWS) {
    it(row.name, () => {
      const file = row.file ?? FILE;
      let error: unknown;
      try {
        attempt(row);
      } catch (e) {
        error = e;
      }
      assert.ok(error !== undefined, 'the template was accepted');
      assert.ok(error instanceof CertgenError, `not a CertgenError: ${(error as Error)?.stack ?? String(error)}`);
      assert.equal(error.name, 'CertgenError');
      assert.equal(error.file, file);
      assert.equal(formatPath(error.path), row.path);
      const prefix = row.path === '' ? `${file}: ` : `${file}: ${row.path}: `;
      assert.ok(error.message.startsWith(prefix), `message ${JSON.stringify(error.message)} does not start with ${JSON.stringify(prefix)}`);
      // The node's line and column follow the detail where the parser knows them.
      const position = error.line === undefined ? '' : ` at line ${error.line}, column ${error.column}`;
      assert.equal(error.message, `${prefix}${error.detail}${position}`);
      assert.match(error.detail, row.message);
      // One line, short enough to read in a terminal, and no internal wording.
      assert.ok(!error.message.includes('\n'), 'the message spans lines');
      assert.ok(error.message.length < 400, `message of ${error.message.length} characters`);
      assert.doesNotMatch(error.detail, /undefined|\[object Object\]|NaN|Invalid Date|must match exactly one schema/);
    });
  }
});

describe('lenient forms the docs promise are accepted', () => {
  const byName = (set: ResolvedSet, name: string) => set.certificates.find((c) => c.name === name)!;
  const san = (set: ResolvedSet, name: string) => {
    const ext = byName(set, name).extensions.find((e) => e.kind === 'subjectAltName');
    return ext?.kind === 'subjectAltName' ? ext.names.map((n) => `${n.type}:${n.value}`) : [];
  };

  it('the example template resolves', async () => {
    const { readFile } = await import('node:fs/promises');
    const set = attempt({ yaml: await readFile(new URL('../../templates/mtls.yaml', import.meta.url), 'utf8'), file: 'templates/mtls.yaml' });
    assert.equal(set.name, 'mtls');
    assert.deepEqual(set.certificates.map((c) => c.name).sort(), ['client', 'dual', 'intermediate', 'root', 'server']);
  });

  it('bare SAN kinds: IP literals, emails, URIs, DNS names, wildcards and IDNs', () => {
    const set = attempt({ yaml: server('san: [localhost, 127.0.0.1, "::1", "a@b.test", "https://x.test/p", "*.w.test", "bücher.test", "IP:0:0:0:0:0:0:0:1", "dns:Upper.TEST"]') });
    assert.deepEqual(san(set, 'server'), [
      'dns:localhost',
      'ip:127.0.0.1',
      'ip:::1',
      'email:a@b.test',
      'uri:https://x.test/p',
      'dns:*.w.test',
      'dns:xn--bcher-kva.test',
      'ip:::1',
      'dns:upper.test',
    ]);
  });

  it('RFC 4514 subjects with escapes, most specific first', () => {
    const set = attempt({ yaml: server('subject: "CN=Smith\\\\, John,O=A\\\\+B,OU=x\\\\2Cy,C=DE"') });
    assert.deepEqual(byName(set, 'server').subject, [
      { type: 'C', value: 'DE' },
      { type: 'OU', value: 'x,y' },
      { type: 'O', value: 'A+B' },
      { type: 'CN', value: 'Smith, John' },
    ]);
  });

  it('the OpenSSL /C=DE/CN=x form, in DER order', () => {
    const set = attempt({ yaml: server('subject: "/C=DE/O=certgen/CN=x"') });
    assert.deepEqual(byName(set, 'server').subject, [
      { type: 'C', value: 'DE' },
      { type: 'O', value: 'certgen' },
      { type: 'CN', value: 'x' },
    ]);
  });

  it('a map subject with a list value and emailAddress', () => {
    const set = attempt({ yaml: server('subject: { CN: x, OU: [a, b], E: x@y.test }') });
    assert.deepEqual(byName(set, 'server').subject.map((a) => `${a.type}=${a.value}`), ['OU=a', 'OU=b', 'CN=x', 'E=x@y.test']);
  });

  it('key objects, named keys and sameAs', () => {
    const set = attempt({
      yaml: certs(
        '  root: { key: { type: rsa, size: 2048 } }\n  i: { issuer: root, profile: intermediate, key: { type: ec, curve: P-384 } }\n  s: { issuer: i, key: { type: ed25519 } }\n  s2: { issuer: i, key: { sameAs: s } }\n  w: { issuer: root, key: { type: rsa, size: 1024 }, expect: weakKey, pss: true }\n',
      ),
    });
    assert.deepEqual(byName(set, 'root').key, { type: 'rsa', size: 2048 });
    assert.deepEqual(byName(set, 'i').key, { type: 'ec', curve: 'P-384' });
    assert.deepEqual(byName(set, 's2').key, { type: 'ed25519' });
    assert.equal(byName(set, 's2').keyOwner, 's');
    assert.equal(byName(set, 's').signature.hash, 'sha384');
    assert.deepEqual(byName(set, 'w').signature, { hash: 'sha256', pss: true });
  });

  it('an unquoted numeric password means its digits', () => {
    const set = attempt({ yaml: stores('  ks.p12: { password: 123456, keys: [server] }\n') });
    assert.equal(set.stores[0]!.password, '123456');
  });

  it('{cert, alias} store entries and an env password that is set', () => {
    const set = attempt({ yaml: stores('  ks.p12:\n    password: { env: CERTGEN_TEST_PASSWORD }\n    keys: [{ cert: server, alias: my-server }, intermediate]\n    trusted: [{ cert: root, alias: ca }]\n') });
    const ks = set.stores[0]!;
    assert.equal(ks.password, 'from-env');
    assert.equal(ks.passwordIsDefault, false);
    assert.deepEqual(ks.keys, [
      { cert: 'server', alias: 'my-server' },
      { cert: 'intermediate', alias: 'intermediate' },
    ]);
    assert.deepEqual(ks.trusted, [{ cert: 'root', alias: 'ca' }]);
  });

  it('a JSON template, durations with several units and a CRL', () => {
    const set = attempt({
      file: 'templates/ok.json',
      yaml: JSON.stringify({
        version: 1,
        epoch: '2026-01-01T00:00:00Z',
        certificates: {
          root: { crl: { revoked: [{ cert: 'leaf', reason: 'keyCompromise' }] } },
          leaf: { issuer: 'root', validity: { notBefore: '-1d12h', notAfter: '1y2w' } },
        },
      }),
    });
    assert.equal(set.name, 'ok');
    assert.equal(byName(set, 'leaf').notBefore.toISOString(), '2025-12-30T12:00:00.000Z');
    assert.equal(byName(set, 'leaf').notAfter.toISOString(), '2027-01-15T00:00:00.000Z');
    assert.equal(set.crls[0]!.revoked[0]!.reason, 'keyCompromise');
  });

  it('ocspResponse defaults: status and reason from the CRL, times from the epoch, signer from ocspSigner', () => {
    const set = attempt({
      yaml: certs(
        '  root: { ocspSigner: responder, crl: { revoked: [{ cert: gone, reason: superseded, date: -2d }] } }\n  responder: { issuer: root, profile: ocsp }\n  server: { issuer: root, ocspResponse: true }\n  gone: { issuer: root, ocspResponse: true }\n  other: { issuer: root, ocspResponse: { signer: root, status: revoked, nextUpdate: 1d, producedAt: -30m } }\n',
        'epoch: 2026-01-01T00:00:00Z\n',
      ),
    });
    assert.deepEqual(Object.fromEntries(set.ocspSigners), { root: 'responder' });
    const [server, gone, other] = set.ocspResponses;
    assert.deepEqual(server, {
      cert: 'server', issuer: 'root', signer: 'responder', responseStatus: 'successful', status: 'good', revocationTime: null, revocationReason: null,
      thisUpdate: new Date('2025-12-31T23:00:00Z'), nextUpdate: new Date('2026-01-07T23:00:00Z'), producedAt: new Date('2025-12-31T23:00:00Z'), expect: 'valid',
    });
    assert.equal(gone!.status, 'revoked');
    assert.equal(gone!.revocationReason, 'superseded');
    assert.equal(gone!.revocationTime!.toISOString(), '2025-12-30T00:00:00.000Z');
    assert.equal(other!.signer, 'root');
    assert.equal(other!.revocationTime!.toISOString(), '2025-12-31T23:00:00.000Z'); // not on the CRL: thisUpdate
    assert.equal(other!.revocationReason, null);
    assert.equal(other!.nextUpdate.toISOString(), '2026-01-02T00:00:00.000Z');
    assert.equal(other!.producedAt.toISOString(), '2025-12-31T23:30:00.000Z');
    const responder = byName(set, 'responder');
    assert.deepEqual(responder.extensions.find((e) => e.kind === 'ocspNoCheck'), { kind: 'ocspNoCheck', critical: false });
  });

  it('a certificate may be called constructor', () => {
    const set = attempt({ yaml: certs('  constructor: {}\n  server: { issuer: constructor }\n') });
    assert.equal(byName(set, 'server').issuer, 'constructor');
  });
});

// Found while writing these tables (fixed in src/resolve/resolve-set.ts).
describe('resolver edge cases', () => {
  it('validity.days so large that notAfter is not a date is refused', () => {
    assert.throws(() => attempt({ yaml: certs('  root: { validity: { days: 1e300 } }\n') }), (e: unknown) => e instanceof CertgenError && formatPath(e.path).startsWith('certificates.root.validity'));
  });

  it('password: {env: constructor} is "not set", not Object.prototype.constructor', () => {
    const loaded = parseTemplate(stores('  ks.p12: { password: { env: constructor }, keys: [server] }\n'), FILE);
    assert.throws(() => resolveSet(loaded, { now: NOW, env: process.env }), /environment variable constructor is not set/);
  });
});
