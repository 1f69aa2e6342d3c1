import { TEMPLATE_SCHEMA } from '../../template/schema.js';
import { defineCommand } from '../command.js';

export const schemaCommand = defineCommand({
  command: 'schema',
  describe: 'print the JSON Schema of the template format',
  builder: (y) => y,
  run: async (_args, io) => {
    io.stdout(`${JSON.stringify(TEMPLATE_SCHEMA, null, 2)}\n`);
    return 0;
  },
});
