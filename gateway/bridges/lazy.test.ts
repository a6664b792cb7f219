import { describe, expect, it } from 'vitest';
import { lazyBridge } from './lazy.js';
import type { Bridge, BridgeHealth } from './types.js';

class FakeBridge implements Bridge {
  readonly name = 'fake';
  onFailure?: (err: Error) => void;
  starts = 0;
  stops = 0;
  async start() { this.starts++; }
  async stop() { this.stops++; }
  health(): BridgeHealth { return { state: 'running' }; }
}

describe('lazyBridge', () => {
  it('loads the bridge on its first start only, and reports "starting" until then', async () => {
    let loads = 0;
    const fake = new FakeBridge();
    const lazy = lazyBridge('fake', async () => { loads++; return fake; });
    expect(lazy.inner).toBeNull();
    expect(lazy.health().state).toBe('starting');
    await lazy.stop(); // stopping before it ever started is harmless
    await lazy.start();
    await lazy.stop();
    await lazy.start(); // a supervisor restart reuses the loaded bridge
    expect(loads).toBe(1);
    expect(fake.starts).toBe(2);
    expect(fake.stops).toBe(1);
    expect(lazy.inner).toBe(fake);
    expect(lazy.health().state).toBe('running');
  });

  it('passes a failure after start on to its supervisor, and a failed load to start()', async () => {
    const fake = new FakeBridge();
    const lazy = lazyBridge('fake', async () => fake);
    const failures: string[] = [];
    lazy.onFailure = (err) => failures.push(err.message);
    await lazy.start();
    fake.onFailure?.(new Error('link lost'));
    expect(failures).toEqual(['link lost']);
    const broken = lazyBridge('broken', async () => { throw new Error('module missing'); });
    await expect(broken.start()).rejects.toThrow('module missing');
  });
});
