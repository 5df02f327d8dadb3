import { leadFromEntity, toSourceEntity, type Lead } from '../../electron/core/leads';
import { generateSampleEntities, type SampleEntity } from '../../electron/core/sample';

export function sampleLeads(count: number, seed = 1, destination = 'dest-1'): Lead[] {
  return [...generateSampleEntities({ count, seed })].map((entity) => leadFromEntity(toSourceEntity(entity), destination));
}

export function leadOf(entity: SampleEntity, destination = 'dest-1'): Lead {
  return leadFromEntity(toSourceEntity(entity), destination);
}

/** A lead whose first name, company, title and description all hold `text`: the export tests' hostile values. */
export function leadWithText(text: string, index: number, entity: { PartitionKey: string; LeadSource: string; Country: string; CreatedTime: string; [extra: string]: unknown }): Lead {
  const { Country, ...rest } = entity;
  return leadOf({
    RowKey: String(index).padStart(2, '0'),
    CustomerInfo: JSON.stringify({ FirstName: text, LastName: `L${index}`, Email: `p${index}@contoso.com`, Company: text, Title: text, Country }),
    Description: text,
    ...rest,
  } as never);
}
