import type { Migration } from './migrator';

/**
 * Where the relay keeps its checkpoint, beside the log it reads. `IF NOT EXISTS`: databases from
 * before this migration already have the table (the relay used to create it on start).
 */
export const RELAY_CHECKPOINTS_MIGRATION: Migration = {
  version: 3,
  name: 'relay checkpoints',
  sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.relay_checkpoints (
  name text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
};

/**
 * Which events each consumer has applied, written in the handler's transaction. `IF NOT EXISTS`:
 * databases from before this migration already have the table (consumers used to create it on start).
 */
export const PROCESSED_EVENTS_MIGRATION: Migration = {
  version: 4,
  name: 'processed events',
  sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.processed_events (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`,
};

/**
 * The event store's schema. Applied in order by `migrate`; an applied migration is never
 * edited (the migrator refuses a changed checksum): changes come as new versions,
 * expand-then-contract, so an older release can still read what a newer one wrote.
 */
export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events, append and hash chain',
    sql: `
CREATE TABLE {{schema}}.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_version bigint NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  schema_version int NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);

-- Global readers walk the log in (transaction_id, global_position) order.
CREATE INDEX events_global_order_idx ON {{schema}}.events (transaction_id, global_position);

-- The hash of one event: its content and the previous event's hash, so editing or removing
-- any event breaks the chain from there on. Shared by append and verify.
CREATE FUNCTION {{schema}}.event_hash(
  p_prev_hash text, p_event_id uuid, p_stream_id text, p_stream_version bigint, p_event_type text,
  p_schema_version int, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT encode(sha256(convert_to(
    p_prev_hash || '|' || p_event_id::text || '|' || p_stream_id || '|' || p_stream_version::text || '|' ||
    p_event_type || '|' || p_schema_version::text || '|' || p_data::text || '|' || p_metadata::text || '|' ||
    to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8')), 'hex')
$fn$;

-- Appends a batch to one stream in one round trip. Writers of one stream queue on a transaction
-- advisory lock (two-key form: its own key space, scoped to this schema), then the stream's head is
-- read and the expected version checked before any global position is drawn, so a losing writer
-- leaves no hole. Raises FA001 (version conflict, DETAIL = actual version or 'none'). A retried
-- batch fails here (version moved) or on the unique event id; the caller then finds it stored.
CREATE FUNCTION {{schema}}.append_events(p_stream_id text, p_expected text, p_events jsonb)
RETURNS TABLE (next_version bigint, last_position bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  v_version bigint;
  v_hash text;
  v_prev text;
  v_now timestamptz := now();
  v_event jsonb;
  v_position bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('{{schema_name}}'), hashtext(p_stream_id));
  SELECT e.stream_version, e.hash INTO v_version, v_hash
    FROM {{schema}}.events e WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1;

  IF (p_expected = 'no_stream' AND v_version IS NOT NULL)
     OR (p_expected = 'stream_exists' AND v_version IS NULL)
     OR (p_expected NOT IN ('no_stream', 'stream_exists', 'any') AND v_version IS DISTINCT FROM p_expected::bigint) THEN
    RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, coalesce(v_version::text, 'none'), p_expected
      USING ERRCODE = 'FA001', DETAIL = coalesce(v_version::text, 'none');
  END IF;

  v_version := coalesce(v_version, -1);
  v_hash := coalesce(v_hash, '');
  FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_version := v_version + 1;
    v_prev := v_hash;
    v_hash := {{schema}}.event_hash(v_prev, (v_event->>'eventId')::uuid, p_stream_id, v_version, v_event->>'type',
      (v_event->>'schemaVersion')::int, v_event->'data', v_event->'metadata', v_now);
    INSERT INTO {{schema}}.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
        recorded_at, prev_hash, hash)
      VALUES (p_stream_id, v_version, (v_event->>'eventId')::uuid, v_event->>'type', (v_event->>'schemaVersion')::int,
        v_event->'data', v_event->'metadata', v_now, v_prev, v_hash)
      RETURNING global_position INTO v_position;
  END LOOP;

  RETURN QUERY SELECT v_version, v_position;
END
$fn$;

-- The log is append-only: edits and deletes are refused. (A superuser can still bypass this,
-- which is what the hash chain and verify are for.)
CREATE FUNCTION {{schema}}.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'events are immutable: % refused', TG_OP USING ERRCODE = 'FA003';
END
$fn$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {{schema}}.events
  FOR EACH ROW EXECUTE FUNCTION {{schema}}.refuse_event_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {{schema}}.events
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_event_change();
`,
  },
  {
    version: 2,
    name: 'append hashes inline and inserts a batch in one statement',
    sql: `
-- Same chain and formula as event_hash (so verify agrees with every event, old or new), computed
-- inline: event_hash cannot be inlined (to_char is only STABLE), and a SQL function called from
-- PL/pgSQL is parsed and planned again in every transaction, which cost a third of an append.
-- The batch then goes in with one INSERT, positions drawn in stream order.
CREATE OR REPLACE FUNCTION {{schema}}.append_events(p_stream_id text, p_expected text, p_events jsonb)
RETURNS TABLE (next_version bigint, last_position bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  v_version bigint;
  v_first bigint;
  v_hash text;
  v_now timestamptz := now();
  v_stamp text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');
  v_event jsonb;
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('{{schema_name}}'), hashtext(p_stream_id));
  SELECT e.stream_version, e.hash INTO v_version, v_hash
    FROM {{schema}}.events e WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1;

  IF (p_expected = 'no_stream' AND v_version IS NOT NULL)
     OR (p_expected = 'stream_exists' AND v_version IS NULL)
     OR (p_expected NOT IN ('no_stream', 'stream_exists', 'any') AND v_version IS DISTINCT FROM p_expected::bigint) THEN
    RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, coalesce(v_version::text, 'none'), p_expected
      USING ERRCODE = 'FA001', DETAIL = coalesce(v_version::text, 'none');
  END IF;

  v_first := coalesce(v_version, -1) + 1;
  v_version := v_first - 1;
  v_hash := coalesce(v_hash, '');
  FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_version := v_version + 1;
    v_prevs := v_prevs || v_hash;
    v_hash := encode(sha256(convert_to(
      v_hash || '|' || (v_event->>'eventId')::uuid::text || '|' || p_stream_id || '|' || v_version::text || '|' ||
      (v_event->>'type') || '|' || (v_event->>'schemaVersion')::int::text || '|' || (v_event->'data')::text || '|' ||
      (v_event->'metadata')::text || '|' || v_stamp, 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  END LOOP;

  RETURN QUERY WITH inserted AS (
    INSERT INTO {{schema}}.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
        recorded_at, prev_hash, hash)
      SELECT p_stream_id, v_first + e.i - 1, (e.value->>'eventId')::uuid, e.value->>'type',
        (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata', v_now, v_prevs[e.i], v_hashes[e.i]
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, i)
      ORDER BY e.i
      RETURNING global_position
  )
  SELECT v_version, max(inserted.global_position) FROM inserted;
END
$fn$;
`,
  },
  RELAY_CHECKPOINTS_MIGRATION,
  PROCESSED_EVENTS_MIGRATION,
];
