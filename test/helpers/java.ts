/**
 * The Java 17 reproductions (test/regressions): the loud skip notice when no JDK is installed, and
 * the JDK's version and the javac step for a program of test/java.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO } from './cli.js';
import { haveTool, run } from './tools.js';

/**
 * false when java and javac are on PATH; else the reason to skip `what` (e.g. "the JDK-8199440
 * reproduction"), also printed on stderr so that a skipped reproduction does not go unseen.
 */
export function javaMissing(what: string): false | string {
  if (haveTool('java') && haveTool('javac')) return false;
  if (process.env.CI === 'true') throw new Error(`java/javac not found, and CI=true: .ci/run should have installed a JDK 17 for ${what}`);
  const reason = `SKIPPED: java/javac not found; install a JDK 17 to run ${what} (CI does)`;
  process.stderr.write(`\n*** ${reason} ***\n\n`);
  return reason;
}

export interface Jdk {
  /** The first line of `java -version`. */
  readonly version: string;
  /** Its major version (8 for "1.8.0_…"); 0 when it cannot be read. */
  readonly major: number;
}

/**
 * Compiles test/java/`main`.java with the JsseSupport.java it extends into `classes` (javac must
 * succeed); returns the JDK that will run it.
 */
export function compileJava(main: string, classes: string): Jdk {
  const version = run('java', ['-version']).stderr.split('\n')[0]!.trim();
  const m = /version "(\d+)(?:\.(\d+))?/.exec(version);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  const javac = run('javac', ['-d', classes, ...[main, 'JsseSupport'].map((name) => join(REPO, 'test', 'java', `${name}.java`))]);
  assert.equal(javac.status, 0, `javac (${version}): ${javac.stderr}`);
  return { version, major };
}
