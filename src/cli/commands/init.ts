import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertgenError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';
import { defineCommand } from '../command.js';

/** The starter set is the example shipped in the package's own templates/. */
const STARTER = 'mtls.yaml';

/**
 * The editor hint on a template's first line. The shipped template names the schema file beside
 * it in the package; the copy in a project names it where npm installs the package.
 */
const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*\n/;
const PROJECT_SCHEMA_LINE = '# yaml-language-server: $schema=../node_modules/certgen/schema/certgen.schema.json\n';

export const initCommand = defineCommand({
  command: 'init [dir]',
  describe: 'write a starter templates/ (root, intermediate, server, client, dual, keystore, truststore)',
  builder: (y) => y.positional('dir', { type: 'string', default: '.', describe: 'project folder' }),
  run: async (args, io) => {
    const target = join(args.dir, 'templates', STARTER);
    const text = (await readFile(join(packageRoot(), 'templates', STARTER), 'utf8')).replace(SCHEMA_LINE, PROJECT_SCHEMA_LINE);
    await mkdir(join(args.dir, 'templates'), { recursive: true });
    await writeFile(target, text, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
      throw new CertgenError(e.code === 'EEXIST' ? 'already exists: init never overwrites' : `cannot write (${e.code ?? e.message})`, { file: target });
    });
    io.stdout(`wrote ${target}\nnext: npx certgen build ${join(args.dir, 'templates')}\n`);
    return 0;
  },
});
