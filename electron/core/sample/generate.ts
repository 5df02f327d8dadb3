import { LOCALES, latin, native, type Locale } from './people';
import { Random } from './random';

/** A lead entity as the marketplace writes it to the table (the service adds Timestamp and ETag on write). */
export type SampleEntity = Record<string, string>;

export interface GenerateOptions {
  readonly count: number;
  readonly seed?: number;
  /** Leads are spread evenly in time from `from` to `to` (ISO 8601), oldest first, as the marketplace writes them. */
  readonly from?: string;
  readonly to?: string;
}

interface Offer {
  readonly id: string;
  readonly name: string;
  readonly sources: readonly (readonly [string, number])[];
}

const OFFERS: readonly Offer[] = [
  { id: 'contoso.contoso-analytics-saas', name: 'Contoso Analytics (SaaS)', sources: [['AzureMarketplace', 5], ['SPZA', 4], ['AzurePortal', 2]] },
  { id: 'fabrikam.fabrikam-waf-byol', name: 'Fabrikam Web Application Firewall (BYOL)', sources: [['AzureMarketplace', 4], ['AzurePortal', 5]] },
  { id: 'checkpoint.check-point-r77-10sg-byol', name: 'Check Point vSEC (BYOL)', sources: [['AzureMarketplace', 3], ['AzurePortal', 4]] },
  { id: 'bitnami.openedxcypress', name: 'Open edX Cypress Certified by Bitnami', sources: [['AzureMarketplace', 3], ['AzurePortal', 3]] },
  { id: 'docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145a', name: 'DocuSign for Dynamics 365', sources: [['SPZA', 6], ['AzureMarketplace', 1]] },
  { id: 'northwind.northwind-crm-connector', name: 'Northwind CRM Connector', sources: [['SPZA', 5]] },
  { id: 'adatum.adatum-backup-vm', name: 'Adatum Backup Appliance', sources: [['AzurePortal', 4], ['AzureMarketplace', 2], ['TestDrive', 1]] },
  { id: 'litware.litware-ai-assistant', name: 'Litware AI Assistant', sources: [['SPZA', 3], ['AzureMarketplace', 3]] },
  { id: 'tailspin.tailspin-azure-migration-2wk-assessment', name: 'Azure Migration: 2-Week Assessment', sources: [['AzureMarketplace', 2], ['SPZA', 2]] },
  { id: 'wingtip.wingtip-iot-edge.preview', name: 'Wingtip IoT Edge (Preview)', sources: [['AzurePortal', 2], ['TestDrive', 1]] },
];

const ACTIONS_BY_SOURCE: Record<string, readonly (readonly [string, number])[]> = {
  AzureMarketplace: [['INS', 6], ['PLT', 2], ['Create', 2], ['DNC', 0.35]],
  SPZA: [['INS', 5], ['PLT', 4], ['DNC', 0.35]],
  AzurePortal: [['Create', 6], ['INS', 3], ['DNC', 0.3]],
  TestDrive: [['StartTestDrive', 1]],
};

/** What the customer does next, for repeat leads of one person (Microsoft asks publishers to de-duplicate). */
const NEXT_ACTION: Record<string, string> = { PLT: 'INS', INS: 'Create', StartTestDrive: 'INS', Create: 'INS', DNC: 'DNC' };

const TITLES = ['CTO', 'IT Manager', 'Cloud Architect', 'Developer', 'Head of Procurement', 'DevOps Engineer', 'CISO', 'Consultant', ''];
const FREE_MAIL_SAMPLES = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'gmx.de', 'qq.com', 'yandex.ru', 'icloud.com'];

const CONTACT_NOTES = [
  'Please call me about pricing for 50 seats.',
  'We need SSO with Entra ID — is that supported?',
  'Interested in a demo next week, mornings work best.',
  'Looking for a partner in our region; reply in English or Deutsch.',
  'Can you quote "enterprise" pricing, incl. support?\nThanks!',
  '¿Tienen soporte en español?',
  '請用中文聯繫我們。',
];

interface Person {
  readonly locale: Locale;
  readonly first: string;
  readonly last: string;
  readonly company: string;
  readonly email: string;
  readonly phone: string;
  readonly title: string;
  lastAction: string;
  readonly offer: Offer;
}

const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

function dotNetTicks(ms: number): string {
  return (TICKS_AT_UNIX_EPOCH + BigInt(ms) * 10_000n + 1234n).toString();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The two CreatedTime formats seen: .NET round-trip ISO, and en-US `M/d/yyyy h:mm:ss AM/PM`. */
function createdTime(ms: number, random: Random): string {
  const d = new Date(ms);
  if (random.chance(0.7)) return `${d.toISOString().slice(0, 19)}.${pad(d.getUTCMilliseconds(), 3)}${random.int(10000).toString().padStart(4, '0')}Z`;
  const hour = d.getUTCHours() % 12 || 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

function newPerson(random: Random, offer: Offer): Person {
  const locale = random.weighted(LOCALES.map((l) => [l, l.weight] as const));
  const firstEntry = random.pick(locale.firstNames);
  const lastEntry = random.pick(locale.lastNames);
  const company = random.pick(locale.companies);
  const number = random.int(90) + 10;
  // About one person in five writes from a public mail provider, as real leads do.
  const domain = number < 30 ? FREE_MAIL_SAMPLES[number % FREE_MAIL_SAMPLES.length]! : `${latin(company).slice(0, 12) || 'mail'}${number}.${locale.country === 'US' ? 'com' : locale.country.toLowerCase()}`;
  return {
    locale,
    first: native(firstEntry),
    last: native(lastEntry),
    company,
    email: `${latin(firstEntry)}.${latin(lastEntry)}${random.chance(0.3) ? random.int(100) : ''}@${domain}`,
    phone: random.chance(0.85) ? `+${locale.phonePrefix} ${random.int(900) + 100} ${random.int(9000000) + 1000000}` : '',
    title: random.pick(TITLES),
    lastAction: '',
    offer,
  };
}

function customerInfo(person: Person, random: Random): string {
  const info = {
    FirstName: person.first,
    LastName: person.last,
    Email: random.chance(0.1) ? person.email.toUpperCase() : person.email,
    Phone: person.phone,
    Country: person.locale.country,
    Company: person.company,
    Title: person.title,
  };
  if (random.chance(0.15)) {
    // The HTTPS-era writers use camelCase keys; parsing must not care.
    return JSON.stringify(Object.fromEntries(Object.entries(info).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v])));
  }
  return JSON.stringify(info);
}

function testLead(ms: number, offer: Offer, random: Random): SampleEntity {
  const marker = `MSFT_TEST_${dotNetTicks(ms)}`;
  const info = JSON.stringify({
    FirstName: marker, LastName: marker, Email: `${marker}@test.com`, Phone: '1234567890',
    Country: 'US', Company: marker, Title: marker,
  });
  return {
    LeadSource: random.chance(0.2) ? `${marker}-${marker}|${offer.name}` : `AzureMarketplace-INS|${offer.id}`,
    ActionCode: 'INS',
    CustomerInfo: info,
    Description: marker,
  };
}

/** Deliberately broken leads: the archive must keep every one of them. */
function malformed(random: Random, person: Person, offer: Offer, ms: number): SampleEntity {
  switch (random.int(5)) {
    case 0:
      return { LeadSource: `SPZA-INS|${offer.id}`, ActionCode: 'INS', CustomerInfo: `{"FirstName":"${person.first}","Email":"${person.email}"`, Description: ' ' };
    case 1:
      return { ActionCode: 'INS', CustomerInfo: customerInfo(person, random), Description: 'Campaigns: ' };
    case 2:
      return { LeadSource: offer.name, CustomerInfo: 'N/A', Description: '' };
    case 3:
      return { LeadSource: `AzureMarketplace-Subscribe|${offer.id}`, ActionCode: 'Subscribe', CustomerInfo: JSON.stringify({ Email: person.email, Phone: 4255550100 }), Description: 'x'.repeat(5000) };
    default:
      // Encoded twice, as some writers do. Its CreatedTime is a real one: a lead without one would be
      // received "when the table row was written", which in the demo is the minute it started.
      return { LeadSource: `AzurePortal-Create|${offer.id}`, ActionCode: 'Create', CustomerInfo: JSON.stringify(customerInfo(person, random)), Description: 'Campaigns: ', CreatedTime: new Date(ms).toISOString() };
  }
}

/**
 * Yields `count` realistic marketplace lead entities, oldest first, deterministic for a seed: a spread of
 * offers, sources, actions and countries; repeat customers; about 1% Microsoft test leads, 3% .edu leads
 * without personal data, 2-3% do-not-contact, and 0.5% malformed entities.
 */
export function* generateSampleEntities(options: GenerateOptions): Generator<SampleEntity> {
  const random = new Random(options.seed ?? 1);
  const from = Date.parse(options.from ?? '2019-01-01T00:00:00Z');
  const to = Date.parse(options.to ?? '2026-11-01T00:00:00Z');
  const step = (to - from) / Math.max(1, options.count);
  const recent: Person[] = [];
  for (let i = 0; i < options.count; i++) {
    const ms = Math.floor(from + step * i + random.next() * step);
    const offer = random.pick(OFFERS);
    let body: SampleEntity;
    let entityOffer = offer;
    const kind = random.next();
    if (kind < 0.01) {
      body = testLead(ms, offer, random);
    } else {
      const repeat = recent.length > 0 && kind < 0.18;
      const person = repeat ? random.pick(recent) : newPerson(random, offer);
      const personOffer = repeat ? person.offer : offer;
      entityOffer = personOffer;
      const source = random.weighted(personOffer.sources);
      const action = repeat && person.lastAction ? NEXT_ACTION[person.lastAction] ?? 'INS' : random.weighted(ACTIONS_BY_SOURCE[source]!);
      person.lastAction = action;
      if (!repeat) {
        recent.push(person);
        if (recent.length > 500) recent.shift();
      }
      if (kind > 0.995) {
        body = malformed(random, person, personOffer, ms);
      } else if (kind > 0.965) {
        // .edu customers: "for privacy reasons" no personal data, only what identifies the organization.
        body = {
          LeadSource: `${source}-${action}|${personOffer.id}`,
          ActionCode: action,
          CustomerInfo: JSON.stringify({ FirstName: '', LastName: '', Email: '', Phone: '', Country: person.locale.country, Company: random.chance(0.5) ? 'State University' : '', Title: '' }),
          Description: 'Campaigns: ',
        };
      } else {
        body = {
          LeadSource: `${source}-${action}|${personOffer.id}`,
          ActionCode: action,
          CustomerInfo: customerInfo(person, random),
          Description: action === 'PLT' ? random.pick(CONTACT_NOTES) : random.chance(0.5) ? 'Campaigns: ' : ' ',
        };
      }
      if (random.chance(0.05)) {
        body.OfferTitle = personOffer.name;
        body.ProductId = random.guid();
        body.PublisherDisplayName = personOffer.id.split('.')[0]!;
      }
    }
    const day = new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
    yield {
      PartitionKey: day,
      RowKey: random.guid(),
      ...body,
      OfferDisplayName: entityOffer.name,
      CreatedTime: body.CreatedTime ?? createdTime(ms, random),
    };
  }
}
