/**
 * docs/recipes.md, PostgreSQL: a real server running as its own user (`postgres`, via runuser:
 * initdb into a data folder of the work folder owned by postgres, the server in the foreground,
 * its unix socket in the work folder, TCP on a free loopback port) with the page's
 * postgresql.conf (ssl on, the set's files), pg_hba.conf (`hostssl … cert`) and the server key
 * as the page makes it readable (`keyMode: "0640"`, then the page's chgrp); the page's psql
 * (libpq `sslmode=verify-full`) presents client.fullchain.pem. Refused: an untrusted client
 * with the same CN (stranger) and the client leaf without its intermediate; and before the
 * chgrp, the server does not start (it cannot read the key).
 */
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, readdirSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { docBlock } from '../helpers/doc-blocks.js';
import { haveTool, missingTools } from '../helpers/tools.js';
import { buildRecipes, exec, firstExisting, freePort, PAGE, recipe, shell, shown, startServer, swap, WRONG_CLIENTS, type Work } from './support.js';

/** Debian keeps initdb and postgres off PATH, in /usr/lib/postgresql/<version>/bin. */
function pgTool(name: string): string | undefined {
  if (haveTool(name)) return name;
  const versions = (() => {
    try {
      return readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    } catch {
      return [];
    }
  })();
  return firstExisting(versions.map((v) => `/usr/lib/postgresql/${v}/bin/${name}`));
}

const INITDB = pgTool('initdb');
const POSTGRES = pgTool('postgres');
const missing =
  missingTools(['psql', 'runuser'], 'Debian: postgresql') ||
  missingTools([INITDB ?? 'initdb', POSTGRES ?? 'postgres'], 'Debian: postgresql') ||
  missingTools('id') ||
  (process.getuid?.() !== 0 && 'PostgreSQL runs as its own user: this test starts it with runuser, which needs root');

describe('recipe: PostgreSQL hostssl cert, libpq sslmode=verify-full', { skip: missing }, () => {
  let work: Work;
  let psql: string;

  before(async () => {
    work = buildRecipes();
    const pg = (args: string[]) => ['-u', 'postgres', '--', ...args];
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    const data = join(work.dir, 'pgdata');
    const socket = join(work.dir, 'pgsocket');
    for (const dir of [data, socket]) {
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, uid, gid);
    }
    const init = await exec('runuser', pg([INITDB!, '-D', data, '-U', 'postgres', '--no-sync', '--auth-local=peer', '--auth-host=reject']), { cwd: work.dir, timeout: 120_000 });
    assert.equal(init.status, 0, shown('initdb', init));

    const port = await freePort();
    appendFileSync(join(data, 'postgresql.conf'), swap(recipe('postgresql-conf', 5433, port), ['/path/to/', `${work.dir}/`]) + `unix_socket_directories = '${socket}'\nfsync = off\n`);
    writeFileSync(join(data, 'pg_hba.conf'), docBlock(PAGE, 'pg-hba'));

    // The key as the page makes it readable: keyMode "0640" from the template, then chgrp.
    // Before the chgrp (root's group) the server cannot read it and does not start.
    assert.equal(statSync(work.file('server.key.pem')).mode & 0o777, 0o640, 'the template gives server.key.pem keyMode "0640"');
    const unreadable = await exec('runuser', pg([POSTGRES!, '-D', data]), { cwd: work.dir, timeout: 60_000 });
    assert.notEqual(unreadable.status, 0, shown('postgres with a key it cannot read', unreadable));
    assert.match(unreadable.stderr, /could not load private key file .*server\.key\.pem.*Permission denied/, shown('postgres', unreadable));
    const chgrp = await shell(work, docBlock(PAGE, 'postgres-chgrp'));
    assert.equal(chgrp.status, 0, shown('chgrp', chgrp));
    await startServer('runuser', pg([POSTGRES!, '-D', data]), port, { cwd: work.dir });
    const role = await exec('runuser', pg(['psql', '-h', socket, '-p', String(port), '-d', 'postgres', '-c', 'CREATE ROLE alice LOGIN']), { cwd: work.dir });
    assert.equal(role.status, 0, shown('CREATE ROLE alice', role));
    psql = recipe('psql', 5433, port);
  });

  it('connects alice, who presents client.fullchain.pem', async () => {
    const r = await shell(work, psql);
    assert.equal(r.status, 0, shown('psql', r));
    assert.equal(r.stdout, 'alice\n');
  });

  for (const { what, swaps } of [WRONG_CLIENTS.stranger, WRONG_CLIENTS.leafOnly]) {
    it(`refuses ${what}: tlsv1 alert unknown ca`, async () => {
      const r = await shell(work, swap(psql, ...swaps));
      assert.equal(r.status, 2, shown('psql', r));
      assert.match(r.stderr, /alert unknown ca/, shown('psql', r));
    });
  }
});
