import { describe, expect, it } from 'vitest';
import { padWithLowNoise, resample } from './test-phrase.js';

const tone = (hz: number, rate: number, n: number) => Int16Array.from({ length: n }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate)));
const rms = (a: Int16Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);

describe('resample', () => {
  it('keeps a 1 kHz tone and removes one above the new Nyquist (no aliasing)', () => {
    const low = resample(tone(1000, 22050, 22050), 22050, 16000);
    expect(low.length).toBe(16000);
    expect(rms(low.subarray(200, -200))).toBeGreaterThan(6500);
    const high = resample(tone(10000, 22050, 22050), 22050, 16000);
    expect(rms(high.subarray(200, -200))).toBeLessThan(700);
  });
});

describe('padWithLowNoise', () => {
  it('pads with quiet noise, never digital silence', () => {
    const out = padWithLowNoise(new Int16Array(100).fill(1000));
    expect(out.length).toBe(6400 + 100 + 8000);
    expect(out.slice(0, 6400).every((x) => Math.abs(x) <= 10)).toBe(true);
    expect(new Set(out.slice(0, 6400)).size).toBeGreaterThan(5);
  });
});
