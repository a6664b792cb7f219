// The public mirror's live stream leaks nothing private, seen from outside the
// real gateway: a private poll that changes (published by the city on the
// real broker) redraws the office's wall, and the public mirror's stream
// carries not one byte for it — not even a redraw that would show the poll
// exists and when it changes. A public change after it is the public view's
// next push: nothing came before. A public poll that turns private is dropped
// from the public mirror in one redraw, then is silent there too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, handledTotal, publish1, waitHandled, type Gateway, type Mosquitto, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';
import { openSse, type SseStream } from '../display/test-helpers.js';

const rig = new Rig('public-private-polls');
let broker: Mosquitto;
let gw: Gateway;
let city: MqttClient;

const privatePoll = (votes: number, ts: string) => ({
  ...fx.poll(ts), id: 'poll-staff-900', title: 'Staff survey: 4-day week pilot', visibility: 'private',
  options: [{ id: 'a', label: 'Support', votes }, { id: 'b', label: 'Oppose', votes: 310 }],
});

async function publishAll(messages: [string, unknown][]): Promise<void> {
  const before = await handledTotal(gw);
  for (const [topic, payload] of messages) await publish1(city, topic, JSON.stringify(payload));
  await waitHandled(gw, before + messages.length);
}

/** A stream opened past its hello and first full redraw. */
async function stream(path: string): Promise<SseStream> {
  const s = openSse(await fetch(`${gw.baseUrl}${path}`));
  rig.defer(`stream ${path}`, () => s.close());
  for (let m = await s.next(10_000); m && m.event !== 'scpm:state'; m = await s.next(10_000));
  expect((await s.next(10_000))?.data).toContain('id="p-polls"');
  return s;
}

/** The next push a city change caused (a full redraw, from a link change, is skipped: it is not one). */
async function nextPush(s: SseStream): Promise<string | null> {
  for (let m = await s.next(10_000); m; m = await s.next(10_000)) {
    if (m.event === 'scpm:state') {
      await s.next(10_000);
      continue;
    }
    return m.data;
  }
  return null;
}

/** The office's next push that redraws its polls (a push still due from the test before may come first). */
async function pollsPush(s: SseStream): Promise<string | null> {
  for (let m = await nextPush(s); m !== null; m = await nextPush(s)) if (m.includes('id="p-polls"')) return m;
  return null;
}

beforeAll(async () => {
  broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url } });
  await gw.waitConnected();
  city = await rig.client(broker.url);
  await publishAll([
    [fx.topics.entity('polls', 'poll-311'), fx.poll()],
    [fx.topics.entity('polls', 'poll-staff-900'), privatePoll(820, fx.at(-20 * 60_000))],
  ]);
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('a private poll on the live streams', () => {
  it('its change redraws the office\'s polls and sends the public mirror nothing', async () => {
    const office = await stream('/events');
    const pub = await stream('/public/events?path=%2F');
    await publishAll([[fx.topics.entity('polls', 'poll-staff-900'), privatePoll(905, fx.at(-5_000))]]);
    expect(await pollsPush(office)).toContain('poll:poll-staff-900');
    // A public change after it: the public mirror's next push is that one's.
    await publishAll([[fx.topics.entity('incidents', 'inc-20261123-0042'), fx.incident('dispatched', fx.at(-1_000))]]);
    const first = await nextPush(pub);
    expect(first).toContain('id="p-incidents"');
    expect(first).not.toContain('p-polls');
    expect(first).not.toContain('poll-staff-900');
  });

  it('a public poll that turns private leaves the public mirror in one redraw, then is silent there', async () => {
    const office = await stream('/events');
    const pub = await stream('/public/events?path=%2F');
    const turned = { ...fx.poll(fx.at(-4_000)), visibility: 'private' };
    await publishAll([[fx.topics.entity('polls', 'poll-311'), turned]]);
    expect(await pollsPush(office)).toContain('poll:poll-311');
    const dropped = await nextPush(pub);
    expect(dropped).toContain('id="p-polls"');
    expect(dropped).not.toContain('poll-311');
    await publishAll([[fx.topics.entity('polls', 'poll-311'), { ...turned, totalVoters: 19000, ts: fx.at(-3_000) }]]);
    expect(await pollsPush(office)).toContain('poll:poll-311');
    await publishAll([[fx.topics.entity('incidents', 'inc-20261123-0042'), fx.incident('on-scene', fx.at(-500))]]);
    const next = await nextPush(pub);
    expect(next).toContain('id="p-incidents"');
    expect(next).not.toContain('p-polls');
  });
});
