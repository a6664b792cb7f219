// Plain-text output of the bench: one header, one table per section.
import type { Machine } from './machine.js';

export function printMachine(m: Machine): void {
  console.log('SCPM Edge bench');
  console.log(`  date       ${m.date}`);
  console.log(`  cpu        ${m.cpu} × ${m.cores} cores`);
  console.log(`  memory     ${m.memGiB} GiB (${m.freeMemGiB} GiB free at start)`);
  console.log(`  os         ${m.os}`);
  console.log(`  node       ${m.node}`);
  console.log(`  broker     ${m.mosquitto}`);
  console.log(`  sqlite3    ${m.sqlite}`);
  console.log('');
}

export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  console.log(title);
  for (const [j, r] of cells.entries()) {
    console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    if (j === 0) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
}

export const fmtRate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')} msg/s`;
export const fmtMs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
/** Whole milliseconds, or n/a. */
export const fmtWholeMs = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
