import { describe, expect, it } from 'vitest';
import type { ChildEvents, ChildHealth, ChildSpec, ProcessPort } from '../../../process/types.js';
import { Microphone, arecordArgs, microphoneProblem } from './microphone.js';

/** A process port that records the spec and lets the test play the child's output and exit. */
function recordingPort() {
  const seen: { spec: ChildSpec; events: ChildEvents }[] = [];
  let health: ChildHealth = { name: 'voice:microphone', state: 'running', pid: 1, since: 0, restarts: 0, stalls: 0, lastExit: null, lastError: null, retryAt: null };
  const port: ProcessPort = {
    spawn(spec, events = {}) {
      seen.push({ spec, events });
      return { name: spec.name, health: () => health, write: () => false, restart: () => undefined, stop: async () => undefined };
    },
    list: () => [health],
  };
  return { port, seen, setHealth: (h: Partial<ChildHealth>) => { health = { ...health, ...h }; } };
}

describe('the microphone child', () => {
  it('asks arecord for 16 kHz mono 16-bit raw on the device, supervised with backoff and a silence watchdog', () => {
    const { port, seen } = recordingPort();
    new Microphone({ processes: port, device: 'plughw:1', onSamples: () => undefined }).start();
    const spec = seen[0]!.spec;
    expect(spec.command).toBe('arecord');
    expect(spec.args).toEqual(arecordArgs('plughw:1'));
    expect(spec.args).toEqual(['-D', 'plughw:1', '-f', 'S16_LE', '-r', '16000', '-c', '1', '-t', 'raw', '-F', '20000', '-B', '200000', '-q']);
    expect(spec.stdout).toBe('bytes');
    expect(spec.restart).toMatchObject({ minMs: 1000 });
    expect(spec.watchdog?.silenceMs).toBeGreaterThan(0);
  });

  it('turns bytes into samples across any split, an odd byte waiting for its other half', () => {
    const { port, seen } = recordingPort();
    const got: number[] = [];
    new Microphone({ processes: port, device: 'hw:1', onSamples: (s) => got.push(...s) }).start();
    const { events } = seen[0]!;
    const bytes = Buffer.alloc(10);
    [1, -1, 32767, -32768, 256].forEach((v, i) => bytes.writeInt16LE(v, i * 2));
    events.ready?.(1);
    events.stdout?.(bytes.subarray(0, 3));
    events.stdout?.(bytes.subarray(3, 4));
    events.stdout?.(bytes.subarray(4, 9));
    events.stdout?.(bytes.subarray(9));
    expect(got).toEqual([1, -1, 32767, -32768, 256]);
  });

  it('says which device is missing, and forgets half a sample when the device goes', () => {
    const { port, seen, setHealth } = recordingPort();
    const got: number[] = [];
    let lost = 0;
    const mic = new Microphone({ processes: port, device: 'hw:9', onSamples: (s) => got.push(...s), onLost: () => lost++ });
    mic.start();
    const { events } = seen[0]!;
    events.ready?.(1);
    expect(mic.health().state).toBe('capturing');
    expect(microphoneProblem(mic.health())).toBeNull();
    events.stdout?.(Buffer.from([0x01]));
    events.exit?.({ code: 1, signal: null, at: 0, reason: 'exit' });
    setHealth({ state: 'backoff', lastError: 'exited with code 1: audio open error: No such file or directory', retryAt: 1 });
    expect(lost).toBe(1);
    expect(mic.health()).toMatchObject({ state: 'lost', detail: 'no microphone on hw:9: exited with code 1: audio open error: No such file or directory' });
    expect(microphoneProblem(mic.health())).toBe('no microphone on hw:9: exited with code 1: audio open error: No such file or directory');
    // A retry that fails before it reads anything is not another device lost.
    events.exit?.({ code: 1, signal: null, at: 1, reason: 'exit' });
    expect(lost).toBe(1);
    // The retry has started but not yet read a period: still the same problem (health must not flip to "running").
    setHealth({ state: 'running' });
    expect(mic.health().state).toBe('starting');
    expect(microphoneProblem(mic.health())).toBe('no microphone on hw:9: exited with code 1: audio open error: No such file or directory');
    setHealth({ state: 'running', lastError: null });
    events.ready?.(2);
    expect(microphoneProblem(mic.health())).toBeNull();
    events.stdout?.(Buffer.from([0x02, 0x00]));
    expect(got).toEqual([2]);
  });

  it('a first start is not a problem yet; a missing arecord is, with its install hint', () => {
    const { port, setHealth } = recordingPort();
    setHealth({ state: 'starting', lastError: null });
    const mic = new Microphone({ processes: port, device: 'hw:2', onSamples: () => undefined });
    mic.start();
    expect(mic.health().state).toBe('starting');
    expect(microphoneProblem(mic.health())).toBeNull();
    setHealth({ state: 'missing', lastError: 'arecord not found (apt-get install alsa-utils)' });
    expect(microphoneProblem(mic.health())).toBe('no microphone on hw:2: arecord not found (apt-get install alsa-utils)');
  });
});
