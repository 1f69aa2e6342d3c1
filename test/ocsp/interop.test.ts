/**
 * Every response of test/fixtures/ocsp.yaml against the two independent OCSP readers at hand:
 * `openssl ocsp -respin … -issuer … -CAfile root.pem -cert …` accepts each valid response with the
 * right status, reason and times and warns about none, flags the expired and not-yet-valid ones
 * ("Status times invalid"), and refuses the unauthorized ones (negative controls: a leaf without
 * OCSPSigning, a responder of another CA); Python `cryptography`'s `load_der_ocsp_response` reads
 * each (status, times, serial, reason, responder key hash, included certificates), and the error
 * responses parse as their status in both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OCSP_RESPONSE_STATUS_CODES } from '../../src/ocsp/types.js';
import { isoSeconds } from '../../src/values/time.js';
import type { ResolvedOcspResponse } from '../../src/resolve/types.js';
import { REPO } from '../helpers/cli.js';
import { fixtureBuilder } from '../helpers/fixture.js';
import { haveTool, missingTools, run } from '../helpers/tools.js';

const build = fixtureBuilder();
const f = await build(readFileSync(join(REPO, 'test', 'fixtures', 'ocsp.yaml'), 'utf8'), { file: 'test/fixtures/ocsp.yaml' });
const responses = new Map(f.packaged.issued.resolved.ocspResponses.map((r) => [r.cert, r]));
const resolved = (name: string): ResolvedOcspResponse => responses.get(name)!;
const ERRORS = { malformed: 'malformedRequest', internal: 'internalError', later: 'tryLater', sigreq: 'sigRequired', refused: 'unauthorized' } as const;

/** `openssl ocsp` on `<name>.ocsp.der`, about `<name>.pem`, with its issuer and the root as trust anchor. */
function openssl(name: string): { verified: boolean; out: string } {
  const r = resolved(name);
  const args = ['ocsp', '-respin', f.path(`${name}.ocsp.der`), '-issuer', f.path(`${r.issuer}.pem`), '-CAfile', f.path(`${anchorOf(name)}.pem`), '-cert', f.path(`${name}.pem`), '-no_nonce'];
  // A CA that signs its own responses is not in `certs`: name it as a possible signer.
  if (r.signer === r.issuer) args.push('-verify_other', f.path(`${r.issuer}.pem`));
  const out = run('openssl', args);
  return { verified: /^Response verify OK$/m.test(out.stdout + out.stderr), out: out.stdout + out.stderr };
}

/** The self-signed certificate at the top of `name`'s chain. */
function anchorOf(name: string): string {
  const issuer = f.packaged.issued.certificates.get(name)!.resolved.issuer;
  return issuer === name ? name : anchorOf(issuer);
}

/** `Dec  4 02:36:44 2026 GMT` → ISO seconds. */
const isoOf = (text: string) => isoSeconds(new Date(text.replace(/^(\w+) +(\d+) (\S+) (\d+) GMT$/, '$1 $2 $4 $3 UTC')));

describe('openssl ocsp -respin', { skip: missingTools('openssl') }, () => {
  for (const name of ['server', 'revoked', 'unknown', 'leaf', 'ed-leaf']) {
    it(`${name}: verified, with the template's status, reason and times`, () => {
      const r = resolved(name);
      const { verified, out } = openssl(name);
      assert.ok(verified, out);
      assert.doesNotMatch(out, /WARNING/, out);
      assert.match(out, new RegExp(`${name}\\.pem: ${r.status}\\n`));
      assert.equal(isoOf(/This Update: (.*)/.exec(out)![1]!), isoSeconds(r.thisUpdate));
      assert.equal(isoOf(/Next Update: (.*)/.exec(out)![1]!), isoSeconds(r.nextUpdate));
      if (r.status === 'revoked') {
        assert.equal(isoOf(/Revocation Time: (.*)/.exec(out)![1]!), isoSeconds(r.revocationTime!));
        assert.match(out, new RegExp(`Reason: ${r.revocationReason}`));
      }
    });
  }

  it('expired and notYetValid: signature verified, times flagged', () => {
    for (const [name, why] of [['expired', /certificate has expired|status expired/i], ['future', /not yet valid/i]] as const) {
      const { verified, out } = openssl(name);
      assert.ok(verified, out);
      assert.match(out, /WARNING: Status times invalid/, out);
      assert.match(out, why, out);
    }
  });

  it('negative controls: a leaf without OCSPSigning and another CA\'s responder are refused', () => {
    const stranger = openssl('stranger');
    assert.equal(stranger.verified, false, stranger.out);
    assert.match(stranger.out, /Response Verify Failure/);
    assert.match(stranger.out, /missing ocspsigning usage/i);
    const foreign = openssl('foreign');
    assert.equal(foreign.verified, false, foreign.out);
    assert.match(foreign.out, /Response Verify Failure/);
  });

  it('error responses parse as their status', () => {
    for (const [name, status] of Object.entries(ERRORS)) {
      const out = run('openssl', ['ocsp', '-respin', f.path(`${name}.ocsp.der`), '-resp_text', '-noverify']);
      // apps/ocsp.c prints OCSP_response_status_str(): the status in lower case, then its code.
      assert.match(out.stdout + out.stderr, new RegExp(`^Responder Error: ${status.toLowerCase()} \\(${OCSP_RESPONSE_STATUS_CODES[status]}\\)$`, 'm'), name);
    }
  });
});

const PYTHON = haveTool('python3') && spawnSync('python3', ['-c', 'from cryptography.x509 import ocsp'], { encoding: 'utf8' }).status === 0;

const SCRIPT = `
import json, sys
from cryptography.x509 import ocsp, load_pem_x509_certificate
from cryptography.hazmat.primitives import hashes, serialization
out = {}
for name, path in json.loads(sys.argv[1]).items():
    r = ocsp.load_der_ocsp_response(open(path, 'rb').read())
    d = {'responseStatus': r.response_status.name}
    if r.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL:
        iso = lambda t: None if t is None else t.strftime('%Y-%m-%dT%H:%M:%SZ')
        d.update({
            'status': r.certificate_status.name.lower(),
            'serial': format(r.serial_number, 'x'),
            'thisUpdate': iso(r.this_update_utc), 'nextUpdate': iso(r.next_update_utc), 'producedAt': iso(r.produced_at_utc),
            'revocationTime': iso(r.revocation_time_utc),
            'reason': None if r.revocation_reason is None else r.revocation_reason.name,
            'responderKeyHash': r.responder_key_hash.hex(),
            'hash': r.hash_algorithm.name,
            'certs': len(r.certificates),
        })
    out[name] = d
print(json.dumps(out))
`;

/** cryptography's ReasonFlags names for RFC 5280's reasons. */
const PY_REASON: Record<string, string> = { keyCompromise: 'key_compromise', superseded: 'superseded', cACompromise: 'ca_compromise' };

describe('Python cryptography load_der_ocsp_response', { skip: PYTHON ? false : 'python3 with cryptography not installed: this interop test cannot run (CI installs it)' }, () => {
  it('reads every response: status, serial, times, reason, responder, included certificates; errors as their status', () => {
    const script = f.path('read_ocsp.py');
    writeFileSync(script, SCRIPT);
    const names = [...responses.keys()];
    const r = run('python3', [script, JSON.stringify(Object.fromEntries(names.map((n) => [n, f.path(`${n}.ocsp.der`)])))]);
    assert.equal(r.status, 0, r.stderr);
    const read = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    const certs = f.packaged.issued.certificates;
    for (const name of names) {
      const want = resolved(name);
      if (want.responseStatus !== 'successful') {
        assert.deepEqual(read[name], { responseStatus: want.responseStatus.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase() }, name);
        continue;
      }
      const signer = certs.get(want.signer)!;
      const keyHash = spawnSync('openssl', ['dgst', '-sha1', '-r'], { input: subjectKeyBits(signer.key.spki) }).stdout.toString().split(' ')[0];
      assert.deepEqual(read[name], {
        responseStatus: 'SUCCESSFUL',
        status: want.status,
        serial: f.manifest.certificates[name]!.serialNumber.replace(/^0+/, ''),
        thisUpdate: isoSeconds(want.thisUpdate),
        nextUpdate: isoSeconds(want.nextUpdate),
        producedAt: isoSeconds(want.producedAt),
        revocationTime: want.revocationTime === null ? null : isoSeconds(want.revocationTime),
        reason: want.revocationReason === null ? null : PY_REASON[want.revocationReason],
        responderKeyHash: keyHash,
        hash: 'sha1',
        certs: want.signer === want.issuer ? 0 : 1,
      }, name);
    }
  });
});

/** The subjectPublicKey bits of an SPKI (what ResponderID byKey hashes), via openssl asn1parse's last BIT STRING. */
function subjectKeyBits(spki: Uint8Array): Buffer {
  const parsed = run('openssl', ['asn1parse', '-inform', 'DER', '-i'], { input: spki });
  const last = [...parsed.stdout.matchAll(/^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)\s+prim:\s+BIT STRING/gm)].pop()!;
  const start = Number(last[1]) + Number(last[2]) + 1; // skip the unused-bits octet
  return Buffer.from(spki.subarray(start, Number(last[1]) + Number(last[2]) + Number(last[3])));
}
