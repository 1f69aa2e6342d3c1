import { PIN_FORMATS, renderPins, type PinFormat } from '../../pins/formats.js';
import { readManifests, selectCertificates } from '../../artefacts/read-manifests.js';
import { defineCommand } from '../command.js';

export const pinsCommand = defineCommand({
  command: 'pins',
  describe: 'print pins from the built sets\' manifests',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'out', describe: 'output folder the sets were built into' })
      .option('set', { type: 'string', describe: 'only this set' })
      .option('cert', { type: 'string', array: true, default: [] as string[], describe: 'only these certificates' })
      .option('format', { choices: PIN_FORMATS, default: 'json' as PinFormat, describe: 'json | okhttp | curl | hex | env | envoy' }),
  run: async (args, io) => {
    const manifests = selectCertificates(await readManifests(args.out, args.set, { file: '--set' }), args.cert);
    io.stdout(renderPins(manifests, args.format));
    return 0;
  },
});
