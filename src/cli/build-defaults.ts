/**
 * The defaults of `certgen build` and `check`, in one object: the yargs options, the no-op fast
 * path (which answers without loading yargs) and the plain build it hands over to all read them.
 */
export const BUILD_DEFAULTS = {
  paths: ['templates'],
  out: 'out',
  force: false,
  json: false,
  quiet: false,
  engine: 'node',
  'expiry-warning': 30,
} as const;
