import { resolve } from 'node:path';
import { CertgenError } from '../../errors.js';
import { defineCommand } from '../command.js';
import { readRegularFile } from '../../read-regular-file.js';

/** A bundle of 10,000 certificates is about 7 MiB; anything past 64 MiB is not something to describe. */
const MAX_INSPECT_BYTES = 64 << 20;

export const inspectCommand = defineCommand({
  command: 'inspect <file>',
  describe: 'describe a PEM, DER or PKCS#12 file: certificates, keys (algorithm and pin only), CRLs, store entries',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'the file to describe' })
      .option('password', { type: 'string', describe: 'PKCS#12 password (default: certgen\'s "changeit") or encrypted key passphrase' })
      .option('json', { type: 'boolean', default: false, describe: 'print the description as JSON' }),
  run: async (args, io) => {
    // Loaded on demand: pkijs is only needed here, not on the build path.
    const [{ describeFile }, { renderDescription }] = await Promise.all([import('../../inspect/describe.js'), import('../../inspect/render.js')]);
    let bytes: Buffer;
    try {
      bytes = readRegularFile(resolve(io.cwd, args.file), { maxBytes: MAX_INSPECT_BYTES, what: 'certificate, key, CRL or PKCS#12 file' });
    } catch (error) {
      // Named as the user wrote it, not as resolved.
      throw error instanceof CertgenError ? new CertgenError(error.detail, { file: args.file }) : error;
    }
    const description = await describeFile(new Uint8Array(bytes), { file: args.file, password: args.password });
    io.stdout(args.json ? `${JSON.stringify(description, null, 2)}\n` : renderDescription(description));
    return 0;
  },
});
