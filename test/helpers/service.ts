import { join } from 'node:path';
import { KeyFileCipher, SecretStore } from '../../electron/core/secrets';
import { LeadInboxService, type ServiceEvent } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import { sampleLeads } from './leads';

/** A real service over a real archive file with sample leads, recording the events it emits. */
export function serviceWithLeads(dir: string, count = 500): { archive: Archive; service: LeadInboxService; events: ServiceEvent[] } {
  const archive = openArchive(join(dir, 'leads.db'));
  archive.upsertLeads(sampleLeads(count, 71));
  const events: ServiceEvent[] = [];
  const service = new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, 'test.key'))), (event) => events.push(event));
  return { archive, service, events };
}
