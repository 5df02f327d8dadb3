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

/** Field values that break CSV files in the programs people open them with. */
export const HOSTILE_TEXTS = [
  'Senior\nArchitect',
  'Before\rafter',
  'Windows\r\nline',
  'Ends with a line feed\n.',
  'Say "hello", then leave',
  'a,b,c',
  'tab\tinside',
  '=1+1',
  '+49 30 1234567',
  '-5',
  '@sum',
  '🚀 Launch 👩🏽‍💻',
  'مرحبا بالعالم',
  'שלום עולם',
  '株式会社テスト 日本語',
  'x'.repeat(30_000),
  '',
];
