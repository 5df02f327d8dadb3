import { generateSampleEntities } from '../electron/core/sample';
import { startAzurite } from '../electron/dev/azurite';
import { seedTable } from '../electron/dev/seed';
import { writeFileSync } from 'node:fs';
const az = await startAzurite();
await seedTable(az.connectionString, 'CliLeads', generateSampleEntities({ count: 10_000, seed: 13 }));
writeFileSync('/tmp/az.env', az.connectionString);
console.log('ready', az.pid);
await new Promise(() => {});
