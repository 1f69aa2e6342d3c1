import { UsageError } from '../../errors.js';
import { parseListenAddress } from '../../values/publish.js';
import { defineCommand } from '../command.js';

export const serveCommand = defineCommand({
  command: 'serve [paths..]',
  describe: 'serve the built sets\' CRLs, CA certificates and live OCSP responses over HTTP on loopback (at their publish URL)',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, default: ['templates'], describe: 'template files or folders' })
      .option('out', { type: 'string', default: 'out', describe: 'output folder the sets were built into' })
      .option('listen', { type: 'string', describe: 'HOST:PORT on loopback (default: the sets\' publish URL)' }),
  run: async (args, io) => {
    if (args.listen !== undefined) {
      const listen = parseListenAddress(args.listen);
      if (typeof listen === 'string') throw new UsageError(`--listen: ${listen}`);
    }
    // Loaded on demand: the responder brings node:http and pkijs, which no other command needs.
    const { serve } = await import('../../api/serve.js');
    const server = await serve({
      templates: args.paths,
      out: args.out,
      env: io.env,
      ...(args.listen !== undefined ? { listen: args.listen } : {}),
      onError: (message) => io.stderr(`certgen: ${message}\n`),
    });
    io.stderr(`certgen: serving ${server.sets.join(', ')} at ${server.url}\n`);
    // Runs until SIGINT or SIGTERM, then closes every connection and exits 0.
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop).off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop).on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
});
