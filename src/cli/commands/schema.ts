import type { Argv } from 'yargs';
import { TEMPLATE_SCHEMA } from '../../template/schema.js';
import type { Command } from '../main.js';

export const schemaCommand: Command = {
  command: 'schema',
  describe: 'print the JSON Schema of the template format',
  builder: (y: Argv) => y as Argv<Record<string, unknown>>,
  run: async (_args, io) => {
    io.stdout(`${JSON.stringify(TEMPLATE_SCHEMA, null, 2)}\n`);
    return 0;
  },
};
