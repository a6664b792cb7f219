// Forward-only migrations. Never edit a released step: add a new one.
import { MAP_DISTRICT_CODES } from '../contract/map-districts.js';

/** Migration 8's index columns: the wall's order of incidents as released (gateway/store/incident-order.ts). */
const WALL_ORDER_V8 = "(CASE WHEN json_type(payload, '$.severity') IN ('integer', 'real') THEN json_extract(payload, '$.severity') ELSE 0 END) DESC, "
  + "julianday(json_extract(payload, '$.receivedAt')) DESC, ts_ms DESC, id";

/** Migration 8's complaint index columns: kind, status and report time as released (gateway/store/complaint-pipeline.ts). */
const COMPLAINT_V8 = "coalesce(json_extract(payload, '$.kind'), 'complaint'), status, julianday(json_extract(payload, '$.reportedAt'))";

/** The districts a stored row may name: the map's, and the whole city. */
const ON_THE_MAP = ['city', ...MAP_DISTRICT_CODES].map((c) => `'${c}'`).join(', ');

export const MIGRATIONS: readonly string[] = [
  // 1: the city's entities, the outbox and technicians' tables.
  `
  CREATE TABLE indicator_defs (
    id TEXT PRIMARY KEY, category TEXT NOT NULL, payload TEXT NOT NULL,
    ts TEXT, ts_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL
  );
  CREATE TABLE indicator_values (
    indicator TEXT NOT NULL, district TEXT NOT NULL, gender TEXT NOT NULL, age_band TEXT NOT NULL,
    period TEXT NOT NULL, value REAL, ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
    PRIMARY KEY (indicator, district, gender, age_band, period)
  ) WITHOUT ROWID;
  CREATE TABLE urban_readings (
    metric TEXT NOT NULL, district TEXT NOT NULL, ts_ms INTEGER NOT NULL, value REAL NOT NULL,
    received_ms INTEGER NOT NULL, PRIMARY KEY (metric, district, ts_ms)
  ) WITHOUT ROWID;
  CREATE INDEX urban_readings_ts ON urban_readings (ts_ms);
  CREATE TABLE urban_latest (
    metric TEXT NOT NULL, district TEXT NOT NULL, value REAL NOT NULL, unit TEXT,
    ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
    PRIMARY KEY (metric, district)
  ) WITHOUT ROWID;
  CREATE TABLE urban_downsampled (
    metric TEXT NOT NULL, district TEXT NOT NULL, bucket_ms INTEGER NOT NULL,
    n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
    PRIMARY KEY (metric, district, bucket_ms)
  ) WITHOUT ROWID;
  ${['incidents', 'complaints', 'polls', 'pledges', 'trends'].map((t) => `
  CREATE TABLE ${t} (
    id TEXT PRIMARY KEY, status TEXT, district TEXT, payload TEXT NOT NULL,
    ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL
  );
  CREATE INDEX ${t}_ts ON ${t} (ts_ms);`).join('\n')}
  CREATE TABLE orders (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, ref TEXT, source_screen TEXT, source_via TEXT NOT NULL,
    created_at TEXT NOT NULL, created_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent')), sent_ms INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT
  );
  CREATE INDEX orders_state ON orders (state, created_ms);
  CREATE TABLE order_status (
    order_id TEXT PRIMARY KEY, status TEXT NOT NULL, note TEXT, by TEXT,
    ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL
  );
  CREATE TABLE rejected_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, topic TEXT NOT NULL,
    reason TEXT NOT NULL, detail TEXT NOT NULL, excerpt TEXT NOT NULL, bytes INTEGER NOT NULL
  );
  CREATE TABLE link_events (at_ms INTEGER NOT NULL, up INTEGER NOT NULL);
  CREATE INDEX link_events_at ON link_events (at_ms);
  CREATE TABLE screens (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_ms INTEGER NOT NULL);
  `,
  // 2: indexes for the display's reads. The latest value per (indicator, district) for one breakdown
  // filters on gender, age band and district without the indicator, which the
  // primary key cannot seek: a full scan of every period of every breakdown
  // (~190k rows in the demo, ~34 ms per page render).
  `
  CREATE INDEX indicator_values_by_breakdown ON indicator_values (gender, age_band, district, indicator, period);
  -- Open incidents and complaints, however many closed ones the retention keeps.
  CREATE INDEX incidents_status ON incidents (status, ts_ms);
  CREATE INDEX complaints_status ON complaints (status, ts_ms);
  `,
  // 3: every ingested reading paid for a second B-tree insert into this index,
  // used only by retention, which now walks the series through the primary key.
  `
  DROP INDEX urban_readings_ts;
  `,
  // 4: the local broker's retained messages (aedes), off the JS heap: see
  // gateway/store/retained.ts and docs/decisions/2026-11-26-broker-retained.md.
  // One row per topic, looked up and range-scanned by topic: no rowid.
  `
  CREATE TABLE broker_retained (
    topic TEXT PRIMARY KEY, payload BLOB NOT NULL, qos INTEGER NOT NULL CHECK (qos IN (0, 1, 2)),
    props TEXT, stored_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 5: who drove which screen (touch, gestures, voice, API): a bounded action
  // log for accountability; see gateway/actions/.
  `
  CREATE TABLE action_log (
    id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, screen TEXT NOT NULL, action TEXT NOT NULL,
    source TEXT NOT NULL, principal TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT
  );
  `,
  // 6: orders that are refused, unconfirmed or received (issue 13; see
  // docs/decisions/2026-11-29-orders.md): the state's CHECK grows, so the table
  // is rebuilt. Each order records who gave it (principal), the client's
  // idempotency key (unique per principal), whether it is a technician's test,
  // and when a refused one is retried. Orders the city already answered become
  // `received`; those from before this step have no known principal.
  `
  CREATE TABLE orders_v6 (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, ref TEXT, source_screen TEXT, source_via TEXT NOT NULL,
    created_at TEXT NOT NULL, created_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'refused', 'unconfirmed', 'received')),
    state_ms INTEGER NOT NULL, sent_ms INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0, refusals INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, refused_code INTEGER, next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    principal TEXT NOT NULL, idempotency_key TEXT, test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1))
  );
  INSERT INTO orders_v6 (id, text, ref, source_screen, source_via, created_at, created_ms, state, state_ms, sent_ms, attempts, last_error, principal)
    SELECT id, text, ref, source_screen, source_via, created_at, created_ms,
      CASE WHEN EXISTS (SELECT 1 FROM order_status s WHERE s.order_id = orders.id) THEN 'received' ELSE state END,
      COALESCE(sent_ms, created_ms), sent_ms, attempts, last_error, 'unknown'
    FROM orders;
  DROP TABLE orders;
  ALTER TABLE orders_v6 RENAME TO orders;
  CREATE INDEX orders_state ON orders (state, created_ms);
  CREATE INDEX orders_created ON orders (created_ms);
  CREATE UNIQUE INDEX orders_idempotency ON orders (principal, idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  // 7: rows naming a district that is not on the office's map (gateway/contract/map-districts.ts), stored before
  // the edge refused them (unknown-district): counted in the city's totals, shown on no district page. Once per
  // store; a city with another map is another build, with its own list.
  ['urban_readings', 'urban_latest', 'urban_downsampled', 'indicator_values', 'incidents', 'complaints']
    .map((t) => `DELETE FROM ${t} WHERE district NOT IN (${ON_THE_MAP});`).join('\n'),
  // 8: the wall's order of open incidents (gateway/store/incident-order.ts), city-wide and per district: a page of
  // them was read by sorting every open one (~36 ms at 50,000, a feed that never closes its incidents); and a
  // district's open count and newest open one, from the index alone. Complaints: the pipeline's counts and ages per
  // kind (and district) from an index alone, the open ones' categories per kind in index order, and the latest list
  // (per kind, per district) in ts order.
  // The expression is written out, as released: the query's copy must stay the same (entity-order.test.ts reads the plan).
  `CREATE INDEX incidents_wall ON incidents (${WALL_ORDER_V8});
  CREATE INDEX incidents_wall_district ON incidents (district, ${WALL_ORDER_V8});
  CREATE INDEX incidents_district_ts ON incidents (district, ts_ms, status);
  CREATE INDEX complaints_pipeline ON complaints (${COMPLAINT_V8});
  CREATE INDEX complaints_pipeline_district ON complaints (district, ${COMPLAINT_V8});
  CREATE INDEX complaints_kind_ts ON complaints (coalesce(json_extract(payload, '$.kind'), 'complaint'), ts_ms, status);
  CREATE INDEX complaints_categories ON complaints (coalesce(json_extract(payload, '$.kind'), 'complaint'),
    (CASE WHEN json_type(payload, '$.category') = 'text' AND json_extract(payload, '$.category') <> '' THEN json_extract(payload, '$.category') ELSE 'other' END), status);
  CREATE INDEX complaints_district_ts ON complaints (district, ts_ms);`,
];
