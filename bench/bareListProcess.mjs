// The sync figure's baseline: a Node process that lists a whole table with the bare Azure SDK and exits,
// doing nothing with the entities. Plain JavaScript, so no compiler is timed either.
import { TableClient } from '@azure/data-tables';

const client = TableClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING, process.argv[2], { allowInsecureConnection: true });
let entities = 0;
for await (const page of client.listEntities().byPage({ maxPageSize: 1000 })) entities += page.length;
console.log(entities);
