// The wall's order of incidents as SQL, for the query (entities.ts). Migration 8
// indexes the same text (SQLite uses an index on an expression only for that
// same expression); a change here needs a migration with new indexes, and
// entity-order.test.ts fails until it has one. The most severe first (a severity that is not a number
// counts as 0), then the latest received (a time that does not parse last).
const SEVERITY = "(CASE WHEN json_type(payload, '$.severity') IN ('integer', 'real') THEN json_extract(payload, '$.severity') ELSE 0 END)";
const RECEIVED = "julianday(json_extract(payload, '$.receivedAt'))";

/** ORDER BY terms (and index columns) of the wall's order, ties newest first. */
export const BY_SEVERITY = `${SEVERITY} DESC, ${RECEIVED} DESC, ts_ms DESC, id`;
