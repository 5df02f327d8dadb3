import { destinationSchema, type Destination } from './azure/destination';
import { getDestinationRecord, listDestinationRecords, saveDestinationRecord, type Archive, type DestinationRecord } from './store';

/** Saved Azure destinations: the archive keeps the records, this module gives them their meaning. */
export function saveDestination(archive: Archive, destination: Destination): void {
  const { id, name, kind, ...config } = destinationSchema.parse(destination);
  saveDestinationRecord(archive, { id, name, kind, config });
}

const parse = (record: DestinationRecord): Destination => destinationSchema.parse({ ...record.config, id: record.id, name: record.name, kind: record.kind });

export function getDestination(archive: Archive, id: string): Destination | null {
  const record = getDestinationRecord(archive, id);
  return record ? parse(record) : null;
}

export function listDestinations(archive: Archive): Destination[] {
  return listDestinationRecords(archive).map(parse);
}

export { removeDestination } from './store';
