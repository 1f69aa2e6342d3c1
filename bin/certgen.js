#!/usr/bin/env node
// CommonJS (bin/package.json says so): a Node start through the ESM loader costs ~8 ms more, and
// an up-to-date build has ~20 ms in all. dist/cli/launch.cjs loads the ESM CLI when it is needed.
'use strict';
require('../dist/cli/launch.cjs').launch(process.argv.slice(2));
