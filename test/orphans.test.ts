// The gateway SIGKILLed (the node process itself, not its group) in demo mode
// with the simulator running: no process of its tree is left after 5 s. The
// process supervisor's guard kills every child group when its parent dies.
import { afterAll, describe, expect, it } from 'vitest';
import { Rig, descendantPids, pidRunning, waitFor } from './rig/index.js';

const rig = new Rig('orphans');
afterAll(() => rig.cleanup());

describe('no orphans when the gateway is killed', () => {
  it('SIGKILL of the gateway in demo mode leaves no process of its tree after 5 s', async () => {
    const gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: undefined } });
    await gw.waitHealthy();
    const sim = await waitFor(async () => {
      const h = await gw.health();
      const s = h.body.bridges['demo-simulator'];
      return s?.state === 'running' && typeof s.pid === 'number' ? s.pid : null;
    }, { timeoutMs: 15_000, what: 'the simulator running' });
    const tree = await descendantPids(gw.pid);
    expect(tree, 'the simulator is in the gateway\'s tree').toContain(sim);
    expect(tree.length).toBeGreaterThanOrEqual(2); // the guard and the simulator behind it
    process.kill(gw.pid, 'SIGKILL');
    await gw.exited;
    await waitFor(() => tree.every((pid) => !pidRunning(pid)), { timeoutMs: 5000, intervalMs: 50, what: `the gateway's tree (${tree.join(', ')}) to be gone` });
  }, 40_000);
});
