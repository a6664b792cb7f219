// The public mirror's live stream says nothing about what it never shows: a
// private poll's change reaches the office's walls and not one byte of it the
// public view (not even a redraw that would time it); a poll that turns
// private is dropped from the public view once, then is silent there. The
// office's disk filling up (its walls' banner) is not the public's either.
import { describe, expect, it } from 'vitest';
import { closedAfterEach, openSse, setup } from './test-helpers.js';
import { ingest } from './test-fixtures.js';

const at = (s: number) => `2026-11-23T10:0${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}+09:00`;

const poll = (id: string, visibility: 'public' | 'private', votes: number, ts: string) => ({
  id, title: `Poll ${id}`, kind: 'policy', visibility, status: 'open', opensAt: null, closesAt: null,
  options: [{ id: 'a', label: 'Yes', votes }, { id: 'b', label: 'No', votes: 10 }], ts,
});
const incident = (ts: string) => ({ id: 'inc-marker', kind: 'fire', title: 'Marker fire', district: '11230', status: 'received', receivedAt: ts, ts });

const open = closedAfterEach();

/** An office wall and a public viewer on the overview (both show the polls panel), past their first redraw. */
async function twoViews() {
  const t = setup({ pushWindowMs: 0 });
  open.close = () => t.display.close();
  const office = openSse(await t.get('/events'));
  const pub = openSse(await t.get('/public/events?path=%2F', {}));
  open.streams = [office, pub];
  for (const s of open.streams) {
    for (let m = await s.next(); m && m.event !== 'scpm:state'; m = await s.next());
    expect((await s.next())?.data).toContain('id="p-polls"'); // the full redraw after the state
  }
  const change = (topic: string, payload: unknown) => {
    const n = ingest(t.store, topic, payload);
    expect(n).not.toBeNull();
    t.bus.emit('city:changed', [n!]);
    return n!;
  };
  /** A public change after the ones under test: the next push a view gets for it says nothing came before. */
  const marker = (s: number) => change('scpm/v1/incidents/inc-marker', incident(at(s)));
  return { t, office, pub, change, marker };
}

describe('live pushes and a private poll', () => {
  it('a private poll\'s change redraws the office\'s polls and sends the public view nothing', async () => {
    const { office, pub, change, marker } = await twoViews();
    change('scpm/v1/polls/poll-313', poll('poll-313', 'private', 900, at(30)));
    marker(31);
    const seen = await office.next();
    expect(seen?.data).toContain('id="p-polls"');
    expect(seen?.data).toContain('poll:poll-313');
    // The public view's next push is the marker's: the private change before it made none.
    const first = await pub.next();
    expect(first?.data).toContain('id="p-incidents"');
    expect(first?.data).not.toContain('p-polls');
  });

  it('a poll that turns private is dropped from the public view once, then its changes are silent there', async () => {
    const { office, pub, change, marker } = await twoViews();
    change('scpm/v1/polls/poll-311', poll('poll-311', 'public', 500, at(30)));
    expect((await pub.next())?.data).toContain('poll:poll-311');
    // Turning private: the public view must lose it (one redraw without it).
    change('scpm/v1/polls/poll-311', poll('poll-311', 'private', 600, at(40)));
    const dropped = await pub.next();
    expect(dropped?.data).toContain('id="p-polls"');
    expect(dropped?.data).not.toContain('poll:poll-311');
    // From then on, private: nothing on the public view.
    change('scpm/v1/polls/poll-311', poll('poll-311', 'private', 700, at(50)));
    marker(51);
    const next = await pub.next();
    expect(next?.data).toContain('id="p-incidents"');
    expect(next?.data).not.toContain('p-polls');
    // The office saw all three.
    for (let i = 0; i < 3; i++) expect((await office.next())?.data).toContain('poll:poll-311');
  });

  it('a private poll that turns public appears on the public view', async () => {
    const { pub, change } = await twoViews();
    change('scpm/v1/polls/poll-313', poll('poll-313', 'public', 900, at(30)));
    const shown = await pub.next();
    expect(shown?.data).toContain('id="p-polls"');
    expect(shown?.data).toContain('poll:poll-313');
  });
});

describe('live pushes and the office\'s disk', () => {
  it('a full store redraws the office\'s walls (their banner says so) and sends the public view nothing', async () => {
    const { t, office, pub, marker } = await twoViews();
    // What the ingest path reports when SQLite refuses a write for room.
    t.store.noteWriteError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    marker(31);
    let m = await office.next();
    while (m && m.event !== 'scpm:state') m = await office.next();
    expect((await office.next())?.data).toContain('data-store-full');
    // The public view never shows the disk's state: its next push is the marker's, no redraw before it.
    const first = await pub.next();
    expect(first?.event).toBe('');
    expect(first?.data).toContain('id="p-incidents"');
    expect(first?.data).not.toContain('id="banner"');
  });
});
