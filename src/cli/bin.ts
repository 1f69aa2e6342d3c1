// The certgen executable: only node built-ins load before the full CLI is needed.
const { run } = await import('./main.js');
process.exitCode = await run(process.argv.slice(2));
