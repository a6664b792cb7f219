import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { RetainedStore, filterPlan, type RetainedMessage, type RetainedStoreOptions } from './retained.js';
import { topicMatches } from '../contract/topics.js';

const open: { close(): void }[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const o of open.splice(0).reverse()) o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memStore(opts: Partial<RetainedStoreOptions> = {}): { store: Store; retained: RetainedStore } {
  const store = new Store(':memory:', TEST_LIMITS);
  open.push(store);
  return { store, retained: new RetainedStore(store, { maxTopics: 1000, flushMs: 20, ...opts }) };
}

function fileDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scpm-retained-'));
  dirs.push(dir);
  return join(dir, 'scpm.db');
}

const msg = (topic: string, text = 'x', qos: 0 | 1 | 2 = 0): RetainedMessage => ({ topic, payload: Buffer.from(text), qos, props: null });
const topics = (r: RetainedStore, filter: string) => [...r.match(filter)].map((m) => m.topic);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('topicMatches (MQTT 3.1.1 §4.7)', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/+', 'a/', true], // an empty level is a level
    ['+/+', '/b', true],
    ['+', '/b', false],
    ['a/#', 'a', true], // '#' includes the parent level
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab', false],
    ['a/+/c/#', 'a/x/c', true],
    ['a/+/c/#', 'a/x/d', false],
    ['#', 'a/b', true],
    ['#', '$SYS/x', false], // §4.7.2: wildcards first do not reach `$` topics
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['$SYS/+', '$SYS/x', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('plans a range from the literal leading levels', () => {
    expect(filterPlan('a/b')).toEqual({ exact: 'a/b' });
    expect(filterPlan('a/b/#')).toEqual({ prefix: 'a/b', parentToo: true });
    expect(filterPlan('a/+/c')).toEqual({ prefix: 'a', parentToo: false });
    expect(filterPlan('+/c')).toEqual({ all: true });
    expect(filterPlan('#')).toEqual({ all: true });
  });
});

describe('RetainedStore', () => {
  it('stores, replaces and (on an empty payload, §3.3.1.3) deletes a topic', () => {
    const { retained } = memStore();
    retained.put(msg('a/b', 'one', 1));
    retained.put(msg('a/b', 'two', 2));
    expect(retained.get('a/b')).toEqual({ topic: 'a/b', payload: Buffer.from('two'), qos: 2, props: null });
    retained.put(msg('a/b', ''));
    expect(retained.get('a/b')).toBeNull();
    expect(retained.size).toBe(0);
    // A write and its delete in the same window leave nothing either.
    retained.put(msg('c', 'x'));
    retained.put(msg('c', ''));
    expect(topics(retained, '#')).toEqual([]);
  });

  it('keeps props as given', () => {
    const { retained } = memStore();
    retained.put({ topic: 't', payload: Buffer.from('p'), qos: 0, props: { id: 'k', n: 1, b: false, z: null } });
    expect(retained.get('t')?.props).toEqual({ id: 'k', n: 1, b: false, z: null });
  });

  it('matches wildcards over the topic ranges, page by page, in topic order', () => {
    const { retained } = memStore({ pageSize: 2 });
    const all = ['a', 'a/b', 'a/b/c', 'a/b/c/d', 'a/b!', 'a/bc', 'a/c/c', 'a/', 'b/b', '$SYS/x', '/b'];
    for (const t of all) retained.put(msg(t));
    expect(topics(retained, 'a/b/#')).toEqual(['a/b', 'a/b/c', 'a/b/c/d']);
    // Byte order: '!' (0x21) < '/' (0x2F) < 'c'.
    expect(topics(retained, 'a/#')).toEqual(['a', 'a/', 'a/b', 'a/b!', 'a/b/c', 'a/b/c/d', 'a/bc', 'a/c/c']);
    expect(topics(retained, 'a/+')).toEqual(['a/', 'a/b', 'a/b!', 'a/bc']);
    expect(topics(retained, 'a/+/c')).toEqual(['a/b/c', 'a/c/c']);
    expect(topics(retained, '+/b')).toEqual(['/b', 'a/b', 'b/b']);
    expect(topics(retained, '#')).toEqual(all.filter((t) => !t.startsWith('$')).sort());
    expect(topics(retained, '$SYS/#')).toEqual(['$SYS/x']);
    expect(topics(retained, 'a/b')).toEqual(['a/b']);
    expect(topics(retained, 'nope/#')).toEqual([]);
  });

  it('reads a topic range through the primary key, not a scan', () => {
    const { store } = memStore();
    const plan = (store.db.prepare('EXPLAIN QUERY PLAN SELECT topic FROM broker_retained WHERE topic >= ? AND topic < ? ORDER BY topic LIMIT 200')
      .all('a/', 'a0') as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toMatch(/SEARCH broker_retained USING PRIMARY KEY/);
  });

  it('commits a flood in one transaction per window (or per maxPending topics); reads see pending writes', async () => {
    const path = fileDb();
    const store = new Store(path, TEST_LIMITS);
    open.push(store);
    const retained = new RetainedStore(store, { maxTopics: 10_000, flushMs: 20, maxPending: 1000 });
    const reader = new Database(path, { readonly: true });
    open.push(reader);
    const committed = () => (reader.prepare('SELECT COUNT(*) AS n FROM broker_retained').get() as { n: number }).n;

    for (let i = 0; i < 500; i++) retained.put(msg(`city/t${i}`));
    expect(committed()).toBe(0);
    expect(retained.commits).toBe(0);
    await sleep(50);
    expect(committed()).toBe(500);
    expect(retained.commits).toBe(1);

    for (let i = 0; i < 2500; i++) retained.put(msg(`city/u${i}`));
    expect(retained.commits).toBe(3); // two full batches at once, the rest waits
    expect(committed()).toBe(2500);
    // A read commits what waits, so it sees every write made before it.
    expect(topics(retained, 'city/#')).toHaveLength(3000);
    expect(retained.commits).toBe(4);
    expect(committed()).toBe(3000);
  });

  it('refuses new topics beyond maxTopics, counts and reports them; updates and deletes still apply', () => {
    const refusals: string[] = [];
    const { retained } = memStore({ maxTopics: 3, onRefused: (t) => refusals.push(t) });
    for (const t of ['a', 'b', 'c', 'd']) retained.put(msg(t));
    expect(topics(retained, '#')).toEqual(['a', 'b', 'c']);
    expect(retained.refused).toBe(1);
    expect(refusals).toEqual(['d']);
    retained.put(msg('a', 'new'));
    expect(retained.get('a')?.payload.toString()).toBe('new');
    // A delete makes room, even in the same window as the new topic.
    retained.put(msg('e'));
    retained.put(msg('b', ''));
    expect(topics(retained, '#')).toEqual(['a', 'c', 'e']);
    expect(retained.size).toBe(3);
  });

  it('survives a restart (same database file)', () => {
    const path = fileDb();
    const s1 = new Store(path, TEST_LIMITS);
    const r1 = new RetainedStore(s1, { maxTopics: 10, flushMs: 20 });
    r1.put(msg('office/demo/state/screens/wall', '{"a":1}'));
    r1.close();
    s1.close();
    const s2 = new Store(path, TEST_LIMITS);
    open.push(s2);
    const r2 = new RetainedStore(s2, { maxTopics: 10, flushMs: 20 });
    expect(r2.size).toBe(1);
    expect(r2.get('office/demo/state/screens/wall')?.payload.toString()).toBe('{"a":1}');
  });

  it('deletes a topic and everything under it, level-aware', () => {
    const { retained } = memStore();
    for (const t of ['scpm/v1', 'scpm/v1/a', 'scpm/v1/a/b', 'scpm/v10/a', 'scpm/v1!', 'office/x']) retained.put(msg(t));
    expect(retained.deleteUnder('scpm/v1')).toBe(3);
    expect(topics(retained, '#')).toEqual(['office/x', 'scpm/v1!', 'scpm/v10/a']);
    expect(retained.size).toBe(3);
  });

  it('drops what is pending when its commit fails, and says so; a closed store ignores writes', () => {
    const errors: string[] = [];
    const { store, retained } = memStore({ onError: (err, n) => errors.push(`${n}: ${err.message}`) });
    retained.put(msg('a'));
    store.db.exec('DROP TABLE broker_retained');
    retained.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^1: .*no such table/);
    retained.close();
    retained.put(msg('b'));
    retained.flush();
    expect(errors).toHaveLength(1);
  });

  it('a read still going when the database closes (shutdown) ends quietly', () => {
    const store = new Store(':memory:', TEST_LIMITS);
    const retained = new RetainedStore(store, { maxTopics: 10, flushMs: 20, pageSize: 2 });
    for (const t of ['a/1', 'a/2', 'a/3', 'a/4', 'a/5']) retained.put(msg(t));
    const stream = retained.match('a/#');
    expect(stream.next().value?.topic).toBe('a/1');
    store.close();
    expect([...stream].map((m) => m.topic)).toEqual(['a/2']); // the rest of the page already read
    expect(retained.get('a/1')).toBeNull();
  });

  it('a timer that fires after the database closed does nothing', async () => {
    const store = new Store(':memory:', TEST_LIMITS);
    const retained = new RetainedStore(store, { maxTopics: 10, flushMs: 5 });
    retained.put(msg('a'));
    store.close();
    await sleep(20);
    expect(retained.commits).toBe(0);
  });
});
