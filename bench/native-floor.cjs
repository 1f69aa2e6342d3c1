// The floor of a cold `certgen build templates/mtls.yaml`: what any Node program making that set
// must do natively, with none of certgen's code (no template, no DER, no PEM encoding of its own):
//   - load node:crypto;
//   - 5 P-256 key pairs, each exported as PKCS#8 and SPKI DER, and 5 ECDSA-SHA256 signatures;
//   - keystore.p12 (2 keys): the MAC key (the PKCS#12 KDF: 2,048 SHA-256 hashes of 32 bytes) and
//     PBKDF2-HMAC-SHA256 at 2,048 iterations + AES-256-CBC for the certificate bag and each key bag;
//     truststore.p12: its MAC key and one PBKDF2 + AES for its certificate bag;
//   - the set's 24 files (sizes as certgen writes them) in a new version folder, a visible symbolic
//     link for each, one fsync of each folder, the `..data` link: certgen's layout (docs/performance.md).
// With --load-certgen it first loads certgen's build code as a cold `certgen build` does
// (dist/cli/plain-build.cjs from its V8 code cache) without running any of it: the floor of a
// cold build by this code. bench/targets.ts times both as whole processes against `node -e ""`,
// in the same run.
//
//   node bench/native-floor.cjs OUT_DIR [--load-certgen]
'use strict';
if (process.argv.includes('--load-certgen')) require('../dist/cli/launch.cjs').loadPlainBuild();
const crypto = require('node:crypto');
const fs = require('node:fs');

const out = process.argv[2];
const tbs = crypto.randomBytes(450); // a leaf's TBSCertificate is 400–500 bytes
const keys = [];
for (let i = 0; i < 5; i++) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  keys.push({ pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }), spki: publicKey.export({ type: 'spki', format: 'der' }), signature: crypto.sign('sha256', tbs, privateKey) });
}

const password = 'changeit';
function macKey() {
  let d = crypto.hash('sha256', crypto.randomBytes(192), 'buffer'); // diversifier ‖ salt ‖ password, 3 blocks
  for (let i = 1; i < 2048; i++) d = Buffer.from(crypto.hash('sha256', d), 'hex');
  return d;
}
function encrypt(bytes) {
  const key = crypto.pbkdf2Sync(password, crypto.randomBytes(8), 2048, 32, 'sha256');
  const c = crypto.createCipheriv('aes-256-cbc', key, crypto.randomBytes(16));
  return Buffer.concat([c.update(bytes), c.final()]);
}
const stores = [
  [macKey(), encrypt(Buffer.alloc(2600)), encrypt(keys[2].pkcs8), encrypt(keys[3].pkcs8)], // keystore: certificates, server and client keys
  [macKey(), encrypt(Buffer.alloc(700))], // truststore: one certificate
];
const macs = stores.map(([key, ...parts]) => crypto.createHmac('sha256', key).update(Buffer.concat(parts)).digest());

const sizes = { pem: 700, 'key.pem': 241, 'fullchain.pem': 1300, 'pub.pem': 178 };
const files = [];
for (const name of ['root', 'intermediate', 'server', 'client', 'dual']) for (const [ext, size] of Object.entries(sizes)) files.push([`${name}.${ext}`, size]);
files.push(['keystore.p12', 3060], ['truststore.p12', 763], ['trust.pem', 619], ['pins.json', 4886], ['.certgen-state.json', 2685]);

const dir = `${out}/mtls`;
const version = `${dir}/..v-${crypto.randomBytes(8).toString('hex')}`;
fs.mkdirSync(version, { recursive: true });
for (const [name, size] of files) {
  fs.writeFileSync(`${version}/${name}`, Buffer.alloc(size, macs[0][0]), { flag: 'wx', mode: name.includes('key') || name.endsWith('.p12') ? 0o600 : 0o644 });
  if (!name.startsWith('.')) fs.symlinkSync(`..data/${name}`, `${dir}/${name}`);
}
const fsyncFolder = (path) => {
  const fd = fs.openSync(path, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
};
fsyncFolder(version);
fs.symlinkSync(version.slice(dir.length + 1), `${dir}/..data`);
fsyncFolder(dir);
