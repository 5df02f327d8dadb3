/**
 * The archive's schema history. A shipped migration is never edited: its checksum is recorded when it
 * runs, and an archive whose recorded checksum differs refuses to open. Change the schema by appending.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'leads, triage and full-text index',
    sql: `
      CREATE TABLE leads (
        id INTEGER PRIMARY KEY,
        destination_id TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        row_key TEXT NOT NULL,
        timestamp TEXT,
        etag TEXT,
        raw_json TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_from TEXT NOT NULL,
        created_time TEXT NOT NULL,
        lead_source_raw TEXT NOT NULL,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        offer TEXT NOT NULL,
        offer_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT NOT NULL,
        country TEXT NOT NULL,
        company TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        customer_info_status TEXT NOT NULL,
        is_test INTEGER NOT NULL,
        test_sent_at TEXT,
        do_not_contact INTEGER NOT NULL,
        pii_withheld INTEGER NOT NULL,
        email_key TEXT NOT NULL,
        phone_key TEXT NOT NULL,
        name_company_key TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX leads_identity ON leads (destination_id, partition_key, row_key);
      CREATE INDEX leads_received ON leads (received_at DESC, id DESC);

      -- Local work on a lead lives apart from the synced data so that no sync can ever touch it.
      CREATE TABLE lead_triage (
        lead_id INTEGER PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
        status TEXT NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified')),
        notes TEXT NOT NULL DEFAULT '',
        read INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );

      -- Contentless: the text lives once, in leads; rows are matched back by rowid = leads.id.
      CREATE VIRTUAL TABLE leads_fts USING fts5 (
        first_name, last_name, email, company, title, description, offer, offer_name, country,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    version: 2,
    name: 'destinations, encrypted secrets and sync state',
    sql: `
      -- Saved lead destinations; config_json never holds a secret.
      CREATE TABLE destinations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('table', 'blob')),
        config_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Secrets only ever as ciphertext, with the scheme that can decrypt them (safeStorage, key file).
      CREATE TABLE destination_secrets (
        destination_id TEXT PRIMARY KEY REFERENCES destinations (id) ON DELETE CASCADE,
        scheme TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- One row per destination. A pass reads the table (all of it, or Timestamp >= filter_from); every page
      -- commits together with its continuation token, so a killed sync resumes where it stopped.
      CREATE TABLE sync_state (
        destination_id TEXT PRIMARY KEY,
        watermark TEXT,
        pass_started_at TEXT,
        pass_filter_from TEXT,
        continuation TEXT,
        last_success_at TEXT,
        last_result_json TEXT
      );

      -- Legacy Blob destinations: the ETag of every CSV blob read, so a re-sync reads only what changed.
      CREATE TABLE blob_state (
        destination_id TEXT NOT NULL,
        blob_name TEXT NOT NULL,
        etag TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (destination_id, blob_name)
      );
    `,
  },
  {
    version: 3,
    name: 'duplicate groups, saved views and inbox indexes',
    sql: `
      -- One key per lead, by the first thing that identifies a person: email, else phone, else name + company.
      ALTER TABLE leads ADD COLUMN duplicate_key TEXT GENERATED ALWAYS AS (
        CASE
          WHEN email_key != '' THEN 'email:' || email_key
          WHEN phone_key != '' THEN 'phone:' || phone_key
          WHEN name_company_key != '' THEN 'name:' || name_company_key
          ELSE ''
        END
      ) VIRTUAL;
      CREATE INDEX leads_duplicate_key ON leads (duplicate_key) WHERE duplicate_key != '';

      -- Groups of two or more leads, rebuilt from leads after a sync changed them (archive_meta says when).
      CREATE TABLE duplicate_groups (duplicate_key TEXT PRIMARY KEY, size INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO archive_meta (key, value) VALUES ('duplicates_stale', '1');

      -- Counts and facets for the usual filters read this index alone, never the wide rows.
      CREATE INDEX leads_inbox ON leads (is_test, received_at, do_not_contact, offer, action, source, country);

      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        definition_json TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'lead counts by filter values, and sort indexes',
    sql: `
      -- How many leads share each combination of the inbox's filter values. Kept in step by every upsert,
      -- so totals and facet counts for the usual filters add up a few thousand rows instead of scanning
      -- a million leads.
      CREATE TABLE lead_stats (
        destination_id TEXT NOT NULL,
        is_test INTEGER NOT NULL,
        do_not_contact INTEGER NOT NULL,
        offer TEXT NOT NULL,
        action TEXT NOT NULL,
        source TEXT NOT NULL,
        country TEXT NOT NULL,
        has_email INTEGER NOT NULL,
        has_phone INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (destination_id, is_test, do_not_contact, offer, action, source, country, has_email, has_phone)
      ) WITHOUT ROWID;
      INSERT INTO lead_stats
        SELECT destination_id, is_test, do_not_contact, offer, action, source, country, email != '', phone != '', count(*)
        FROM leads GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

      -- The first page of a sort by these columns walks an index instead of sorting every lead.
      CREATE INDEX leads_sort_company ON leads (company COLLATE NOCASE, received_at DESC, id DESC);
      CREATE INDEX leads_sort_last_name ON leads (last_name COLLATE NOCASE, received_at DESC, id DESC);
      CREATE INDEX leads_sort_email ON leads (email COLLATE NOCASE, received_at DESC, id DESC);
      CREATE INDEX leads_sort_country ON leads (country COLLATE NOCASE, received_at DESC, id DESC);
      CREATE INDEX leads_sort_offer ON leads (offer COLLATE NOCASE, received_at DESC, id DESC);

      -- Narrow copies of the filter columns keyed by id: counting the leads a search matched probes this
      -- instead of the wide rows (about three times faster at a million leads).
      CREATE INDEX leads_filters_by_id ON leads (id, is_test, do_not_contact, received_at, offer, action, source, country);
      INSERT INTO archive_meta (key, value) VALUES ('analyzed_at_max_id', '0');
    `,
  },
  {
    version: 5,
    name: 'imported lead files',
    sql: `
      -- Every file imported into the archive (saved HTTPS payloads, Partner Center downloads), by content:
      -- importing the same file again updates its row instead of adding one.
      CREATE TABLE imported_files (
        sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        leads INTEGER NOT NULL,
        problems INTEGER NOT NULL,
        imported_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'background sync',
    sql: `
      -- How often the app syncs each destination by itself, in minutes; 0 is never (only on request).
      ALTER TABLE destinations ADD COLUMN sync_every_minutes REAL NOT NULL DEFAULT 15 CHECK (sync_every_minutes >= 0);
      -- Every sync's outcome, however it was started: when it last ran, how many failed in a row since the
      -- last success (the schedule backs off by it) and what the last failure said.
      ALTER TABLE sync_state ADD COLUMN last_attempt_at TEXT;
      ALTER TABLE sync_state ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_state ADD COLUMN last_problem_json TEXT;
    `,
  },
  {
    version: 7,
    name: 'destination health settings',
    sql: `
      -- Warn when no lead (test leads included) has arrived for this many days; 0 turns the warning off.
      ALTER TABLE destinations ADD COLUMN quiet_days REAL NOT NULL DEFAULT 30 CHECK (quiet_days >= 0);
      -- When the publisher last changed the offer's lead settings, if they said: a test lead older than
      -- this means delivery has not been checked since.
      ALTER TABLE destinations ADD COLUMN offer_changed_at TEXT;
    `,
  },
  {
    version: 8,
    name: 'test-lead markers are no source or action',
    sql: `
      -- Microsoft's Salesforce-form test leads (MSFT_TEST_<n>-MSFT_TEST_<n>|Offer) were archived with their
      -- marker as source and action code: one "source" per test lead in the filters. Both become empty, as
      -- the parser now reads them; the raw LeadSource stays as it was. Their running counts move with them.
      CREATE TEMP TABLE marked AS SELECT id FROM leads
        WHERE upper(substr(source, 1, 9)) = 'MSFT_TEST' OR upper(substr(action, 1, 9)) = 'MSFT_TEST';
      DELETE FROM lead_stats WHERE upper(substr(source, 1, 9)) = 'MSFT_TEST' OR upper(substr(action, 1, 9)) = 'MSFT_TEST';
      UPDATE leads SET
        source = CASE WHEN upper(substr(source, 1, 9)) = 'MSFT_TEST' THEN '' ELSE source END,
        action = CASE WHEN upper(substr(action, 1, 9)) = 'MSFT_TEST' THEN '' ELSE action END
        WHERE id IN (SELECT id FROM marked);
      INSERT INTO lead_stats (destination_id, is_test, do_not_contact, offer, action, source, country, has_email, has_phone, n)
        SELECT destination_id, is_test, do_not_contact, offer, action, source, country, email != '', phone != '', count(*)
        FROM leads WHERE id IN (SELECT id FROM marked) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (destination_id, is_test, do_not_contact, offer, action, source, country, has_email, has_phone) DO UPDATE SET n = n + excluded.n;
      DROP TABLE marked;
    `,
  },
  {
    version: 9,
    name: 'sync leases',
    sql: `
      -- Who is syncing a destination now, and until when that claim holds unless renewed: the app and a
      -- cron watch on one archive never sync the same destination at once, and a claim left by a killed
      -- program runs out.
      ALTER TABLE sync_state ADD COLUMN running_by TEXT;
      ALTER TABLE sync_state ADD COLUMN running_until TEXT;
    `,
  },
  {
    version: 10,
    name: 'lead quality scores',
    sql: `
      -- Each lead's quality score from its own data (see leads/quality.ts), written with the lead. Leads
      -- archived before have none (NULL) until scoreUnscoredLeads gives them theirs, a step at a time.
      ALTER TABLE leads ADD COLUMN quality INTEGER;
    `,
  },
  {
    version: 11,
    name: 'sort orders kept in memory, not in indexes',
    sql: `
      -- The lead index works these orders out itself (inbox/sortOrders.ts); kept in the file, each was
      -- one more B-tree for every write to update and for a first sync to build, for pages a search
      -- already answers from memory. Received time keeps its index: every other order ties by it.
      DROP INDEX IF EXISTS leads_sort_company;
      DROP INDEX IF EXISTS leads_sort_last_name;
      DROP INDEX IF EXISTS leads_sort_email;
      DROP INDEX IF EXISTS leads_sort_country;
      DROP INDEX IF EXISTS leads_sort_offer;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
