import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFromRequest } from '../../electron/core/azure/destination';
import { openArchive } from '../../electron/core/store';
import { syncDestination } from '../../electron/core/sync';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { useTempDir } from '../helpers/tmp';

let azurite: Azurite;
let container: ContainerClient;
const tempDir = useTempDir();

beforeAll(async () => {
  azurite = await startAzurite();
  container = new ContainerClient(`${azurite.blobEndpoint}/marketplaceleadcontainer`, new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY));
  await container.create();
});
afterAll(async () => {
  await azurite?.stop();
});

/** The legacy Blob destination of this container, for blobs under `prefix`. */
function blobDestination(prefix: string) {
  return destinationFromRequest({ kind: 'blob', connectionString: azurite.connectionString, container: 'marketplaceleadcontainer', prefix });
}

async function upload(name: string, text: string): Promise<void> {
  const body = Buffer.from(text, 'utf8');
  await container.uploadBlockBlob(name, body, body.length);
}

describe('legacy Blob sync against Azurite', () => {
  it('reads every CSV blob under the prefix, maps headers, keeps unknown columns, and re-reads only changed blobs', async () => {
    await upload(
      'leads/2019-01.csv',
      '\uFEFFFirstName,LastName,Email,Phone,Country,Company,Title,LeadSource,ActionCode,CreatedTime,Campaign\r\n' +
        'Zoë,"O\'Brien, Jr.",zoe@contoso.com,16175555555,US,"Contoso ""Labs""",CTO,AzureMarketplace-INS|contoso.widget,INS,1/5/2019 3:04:05 PM,spring\r\n' +
        'ناصر,العلي,n@emirates.ae,,AE,شركة,,"SPZA-PLT|contoso.widget",PLT,2019-01-06T10:00:00Z,"multi\nline"\r\n',
    );
    await upload(
      'leads/2019-02.csv',
      'first_name,last_name,email,lead_source,company\nMSFT_TEST_636573304831318844,MSFT_TEST_636573304831318844,MSFT_TEST_636573304831318844@test.com,MSFT_TEST_636573304831318844-MSFT_TEST_636573304831318844|Widget,MSFT_TEST_636573304831318844\n',
    );
    await upload('leads/readme.txt', 'not a lead file');
    await upload('other/2019-03.csv', 'Email\nelsewhere@contoso.com\n');

    const archive = openArchive(join(tempDir(), 'blob.db'));
    const { destination, secret } = blobDestination('leads/');
    expect(destination.id).toBe('blob:devstoreaccount1/marketplaceleadcontainer/leads/');
    const first = await syncDestination(archive, destination, secret);
    expect(first).toMatchObject({ mode: 'blobs', inserted: 3, total: 3, pages: 2, newRealLeads: 2 });

    const row = (blob: string, n: number) => archive.getLead(archive.findLeadId(destination.id, blob, String(n).padStart(9, '0'))!)!;
    expect(row('leads/2019-01.csv', 1)).toMatchObject({
      firstName: 'Zoë',
      lastName: "O'Brien, Jr.",
      company: 'Contoso "Labs"',
      phone: '16175555555',
      action: 'INS',
      offer: 'contoso.widget',
      receivedAt: '2019-01-05T15:04:05.000Z',
      raw: { Campaign: 'spring' },
    });
    expect(row('leads/2019-01.csv', 2)).toMatchObject({ firstName: 'ناصر', source: 'SPZA', action: 'PLT', raw: { Campaign: 'multi\nline' } });
    expect(row('leads/2019-02.csv', 1)).toMatchObject({ isTest: true, testSentAt: '2018-03-22T15:48:03Z', offer: 'Widget' });

    expect(await syncDestination(archive, destination, secret)).toMatchObject({ inserted: 0, updated: 0, pages: 0, total: 3 });

    await upload('leads/2019-02.csv', 'first_name,email\nAna,ana@contoso.com\nBo,bo@contoso.com\n');
    const third = await syncDestination(archive, destination, secret);
    expect(third).toMatchObject({ pages: 1, inserted: 1, updated: 1, total: 4 });
    archive.close();
  });

  it('maps spaced, snake_case and PascalCase headers alike', async () => {
    await upload('styles/spaced.csv', 'First Name,Last Name,Email Address,Company Name,Job Title,Lead Source,Action Code,Created Time\r\nAna,Silva,ana@fabrikam.pt,Fabrikam,CTO,SPZA-PLT|fabrikam.crm,PLT,2020-02-02T10:00:00Z\r\n');
    await upload('styles/snake.csv', 'first_name,last_name,email,company,title,lead_source,action_code,created_time\nAna,Silva,ana@fabrikam.pt,Fabrikam,CTO,SPZA-PLT|fabrikam.crm,PLT,2020-02-02T10:00:00Z\n');
    await upload('styles/pascal.csv', 'FirstName,LastName,Email,Company,Title,LeadSource,ActionCode,CreatedTime\nAna,Silva,ana@fabrikam.pt,Fabrikam,CTO,SPZA-PLT|fabrikam.crm,PLT,2020-02-02T10:00:00Z\n');
    const archive = openArchive(join(tempDir(), 'styles.db'));
    const { destination, secret } = blobDestination('styles/');
    expect(await syncDestination(archive, destination, secret)).toMatchObject({ inserted: 3, problems: [] });
    const leads = ['spaced', 'snake', 'pascal'].map((name) => archive.getLead(archive.findLeadId(destination.id, `styles/${name}.csv`, '000000001')!)!);
    for (const lead of leads) {
      expect(lead).toMatchObject({ firstName: 'Ana', lastName: 'Silva', email: 'ana@fabrikam.pt', company: 'Fabrikam', title: 'CTO', source: 'SPZA', action: 'PLT', offer: 'fabrikam.crm', receivedAt: '2020-02-02T10:00:00.000Z' });
    }
    archive.close();
  });

  it('reads an appended file again, adding only its new rows', async () => {
    const header = 'Email,LeadSource\n';
    const rows = ['a@contoso.com,SPZA-INS|x.y\n', 'b@contoso.com,SPZA-INS|x.y\n'];
    await upload('appended/leads.csv', header + rows.join(''));
    const archive = openArchive(join(tempDir(), 'appended.db'));
    const { destination, secret } = blobDestination('appended/');
    expect(await syncDestination(archive, destination, secret)).toMatchObject({ inserted: 2, total: 2 });
    await upload('appended/leads.csv', header + [...rows, 'c@contoso.com,SPZA-PLT|x.y\n'].join(''));
    expect(await syncDestination(archive, destination, secret)).toMatchObject({ pages: 1, inserted: 1, updated: 0, unchanged: 2, total: 3 });
    archive.close();
  });

  it('reads files joined end to end, byte-order marks inside and NUL characters, without a crash, keeping every value as written', async () => {
    const part = (email: string) => `\uFEFFEmail,LeadSource,Description\n${email},SPZA-INS|x.y,"Said \uFEFFhello\u0000 twice"\n`;
    await upload('joined/leads.csv', part('first@contoso.com') + part('second@contoso.com'));
    const archive = openArchive(join(tempDir(), 'joined.db'));
    const { destination, secret } = blobDestination('joined/');
    const result = await syncDestination(archive, destination, secret);
    expect(result).toMatchObject({ inserted: 2, problems: [] });
    const rows = archive.db.prepare('SELECT email, raw_json FROM leads WHERE destination_id = ? ORDER BY email').all(destination.id) as { email: string; raw_json: string }[];
    expect(rows.map((row) => row.email)).toEqual(['first@contoso.com', 'second@contoso.com']);
    for (const row of rows) expect((JSON.parse(row.raw_json) as { Description: string }).Description).toBe('Said \uFEFFhello\u0000 twice');
    archive.close();
  });

  it('passes over a file that is not valid CSV, says which and where, reads the others, and tries it again next time', async () => {
    await upload('broken/1-good.csv', 'Email,LeadSource\ngood1@contoso.com,SPZA-INS|x.y\n');
    await upload('broken/2-broken.csv', 'Email,LeadSource\nfine@contoso.com,SPZA-INS|x.y\n"unclosed@contoso.com,SPZA-INS|x.y\nmore,rows\n');
    await upload('broken/3-good.csv', 'Email,LeadSource\ngood3@contoso.com,SPZA-INS|x.y\n');
    const archive = openArchive(join(tempDir(), 'broken.db'));
    const { destination, secret } = blobDestination('broken/');
    const first = await syncDestination(archive, destination, secret);
    expect(first.problems).toEqual([expect.stringMatching(/^broken\/2-broken\.csv: not valid CSV \(line \d+\): .+; the other files were read, and this one will be read again at the next sync\.$/)]);
    const emails = () => (archive.db.prepare('SELECT email FROM leads WHERE destination_id = ? ORDER BY email').pluck().all(destination.id) as string[]);
    expect(emails()).toEqual(expect.arrayContaining(['good1@contoso.com', 'good3@contoso.com']));

    await upload('broken/2-broken.csv', 'Email,LeadSource\nfine@contoso.com,SPZA-INS|x.y\n"closed@contoso.com",SPZA-INS|x.y\n');
    const second = await syncDestination(archive, destination, secret);
    expect(second).toMatchObject({ pages: 1, problems: [] });
    expect(emails()).toEqual(['closed@contoso.com', 'fine@contoso.com', 'good1@contoso.com', 'good3@contoso.com']);
    archive.close();
  });
});
