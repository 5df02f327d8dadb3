import { leadFromEntity, toSourceEntity, type Lead } from '../../electron/core/leads';
import { generateSampleEntities, type SampleEntity } from '../../electron/core/sample';

export function sampleLeads(count: number, seed = 1, destination = 'dest-1'): Lead[] {
  return [...generateSampleEntities({ count, seed })].map((entity) => leadFromEntity(toSourceEntity(entity), destination));
}

export function leadOf(entity: SampleEntity, destination = 'dest-1'): Lead {
  return leadFromEntity(toSourceEntity(entity), destination);
}
