import { describe, expect, it } from 'vitest';
import { cpuWindow, processCpuSeconds, threadSchedSeconds } from './machine.js';

describe('cpuWindow', () => {
  const samples = [
    { t: 1000, proc: 1, run: 5, wait: 1 },
    { t: 1050, proc: 1.05, run: 5.04, wait: 1.01 },
    { t: 1100, proc: 1.1, run: 5.08, wait: 1.02 },
    { t: 1150, proc: 1.12, run: 5.1, wait: 1.05 },
  ];

  it('reads between the first and the last sample inside the window', () => {
    const w = cpuWindow(samples, 1010, 1150);
    expect(w.ms).toBe(100);
    expect(w.procMs).toBeCloseTo(70, 10);
    expect(w.mainOnCore).toBeCloseTo(0.6, 10); // 60 ms on a core in 100 ms
    expect(w.mainWaiting).toBeCloseTo(0.4, 10);
  });

  it('is NaN with fewer than two samples inside', () => {
    expect(cpuWindow(samples, 1120, 1140).procMs).toBeNaN();
    expect(cpuWindow(samples, 1120, 1150).mainOnCore).toBeNaN();
    expect(cpuWindow([], 0, 1e9).ms).toBeNaN();
  });
});

describe('processCpuSeconds and threadSchedSeconds', () => {
  it('read this process, and are NaN for one that is not there', () => {
    expect(processCpuSeconds('self')).toBeGreaterThan(0);
    expect(processCpuSeconds(2 ** 30)).toBeNaN();
    const me = threadSchedSeconds(process.pid);
    expect(me.run).toBeGreaterThan(0);
    expect(me.wait).toBeGreaterThanOrEqual(0);
    expect(threadSchedSeconds(2 ** 30).run).toBeNaN();
  });
});
