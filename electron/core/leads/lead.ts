import { describeAction } from './catalog';
import { parseCustomerInfo, type CustomerInfoStatus } from './customerInfo';
import { rawEntityJson, type JsonValue, type SourceEntity } from './entity';
import { asText, customerFieldFor, foldKey, type Customer } from './fields';
import { parseLeadSource } from './leadSource';
import { emailKey, nameCompanyKey, phoneKey } from './normalize';
import { receivedTime, type ReceivedSource } from './receivedTime';
import { detectTestLead } from './testLead';

/** One marketplace lead, parsed for the inbox, with the entity it came from kept whole in `raw`. */
export interface Lead extends Customer {
  readonly destinationId: string;
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly timestamp: string | null;
  readonly etag: string | null;
  readonly receivedAt: string;
  readonly receivedFrom: ReceivedSource;
  readonly createdTime: string;
  readonly leadSourceRaw: string;
  readonly source: string;
  /** The action code (INS, PLT, DNC, Create, StartTestDrive, or an unknown code as found). */
  readonly action: string;
  readonly offer: string;
  readonly offerName: string;
  readonly description: string;
  readonly customerInfoStatus: CustomerInfoStatus;
  readonly isTest: boolean;
  readonly testSentAt: string | null;
  readonly doNotContact: boolean;
  readonly piiWithheld: boolean;
  readonly emailKey: string;
  readonly phoneKey: string;
  readonly nameCompanyKey: string;
  readonly raw: Readonly<Record<string, JsonValue>>;
}

type Lookup = (...names: string[]) => JsonValue | undefined;

/** The properties leadFromEntity reads, folded: only these are gathered from each entity. */
const READ_PROPERTIES = new Set(['LeadSource', 'CustomerInfo', 'UserDetails', 'ActionCode', 'CreatedTime', 'OfferDisplayName', 'OfferTitle', 'OfferName', 'Description'].map(foldKey));

/**
 * Property names are case-sensitive in Azure, but writers disagree on casing, so they are looked up folded;
 * of two spellings present, a non-empty value wins.
 */
function foldedLookup(properties: Readonly<Record<string, JsonValue>>): Lookup {
  const folded = new Map<string, JsonValue>();
  for (const key in properties) {
    const name = foldKey(key);
    if (!READ_PROPERTIES.has(name)) continue;
    const value = properties[key]!;
    const seen = folded.get(name);
    if (seen === undefined || (asText(seen) === '' && asText(value) !== '')) folded.set(name, value);
  }
  return (...names) => {
    for (const name of names) {
      const value = folded.get(foldKey(name));
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** CSV exports and Salesforce-style records carry the customer as columns (`first_name`, `Email`, …). */
function topLevelCustomer(properties: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> | undefined {
  const fields = Object.entries(properties).filter(([key]) => customerFieldFor(key) !== undefined);
  return fields.length > 0 ? Object.fromEntries(fields) : undefined;
}

function allText(entity: SourceEntity): string[] {
  const texts = [entity.partitionKey, entity.rowKey];
  for (const value of Object.values(entity.properties)) {
    texts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return texts;
}

export function leadFromEntity(entity: SourceEntity, destinationId: string): Lead {
  const property = foldedLookup(entity.properties);
  const leadSource = parseLeadSource(property('LeadSource'));
  const info = parseCustomerInfo(property('CustomerInfo', 'UserDetails') ?? topLevelCustomer(entity.properties));
  const customer = info.customer;
  const actionProperty = asText(property('ActionCode'));
  const action = actionProperty ? (describeAction(actionProperty)?.code ?? actionProperty) : leadSource.action;
  const createdTime = property('CreatedTime');
  const received = receivedTime(createdTime, entity.timestamp);
  const test = detectTestLead(allText(entity));
  const hasContact = [customer.firstName, customer.lastName, customer.email, customer.phone].some((v) => v !== '');
  return {
    destinationId,
    partitionKey: entity.partitionKey,
    rowKey: entity.rowKey,
    timestamp: entity.timestamp,
    etag: entity.etag,
    receivedAt: received.receivedAt,
    receivedFrom: received.receivedFrom,
    createdTime: asText(createdTime),
    leadSourceRaw: leadSource.raw,
    source: leadSource.source,
    action,
    offer: leadSource.offer,
    offerName: asText(property('OfferDisplayName', 'OfferTitle', 'OfferName')),
    description: asText(property('Description')),
    ...customer,
    customerInfoStatus: info.status,
    isTest: test.isTest,
    testSentAt: test.sentAt,
    doNotContact: action === 'DNC',
    piiWithheld: info.status !== 'invalid' && !hasContact,
    emailKey: emailKey(customer.email),
    phoneKey: phoneKey(customer.phone),
    nameCompanyKey: nameCompanyKey(customer.firstName, customer.lastName, customer.company),
    raw: rawEntityJson(entity),
  };
}
