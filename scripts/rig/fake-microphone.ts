// The office microphone where none can run (no sound card here): a directory
// with a stand-in `arecord` (fake-arecord.cjs: same arguments, same raw output
// in real time) to put first on the gateway's PATH, and a room to speak into.
// Said so wherever it is used: the capture path above it is the real one.
import { copyFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from './repo.js';

export class FakeMicrophone {
  readonly bin: string;
  private readonly room: string;
  private readonly queue: string;
  private seq = 0;

  constructor(readonly dir: string) {
    this.bin = join(dir, 'bin');
    this.room = join(dir, 'room');
    this.queue = join(this.room, 'queue');
    mkdirSync(this.bin, { recursive: true });
    mkdirSync(this.queue, { recursive: true });
    copyFileSync(join(REPO_ROOT, 'scripts', 'rig', 'fake-arecord.cjs'), join(this.bin, 'arecord'));
    chmodSync(join(this.bin, 'arecord'), 0o755);
  }

  /** PATH with the stand-in first. */
  path(base = process.env.PATH ?? '/usr/bin:/bin'): string {
    return `${this.bin}${delimiter}${base}`;
  }

  /** Speaks a WAV into the room (after anything already queued); written whole, then moved in. Returns its name. */
  say(wav: Uint8Array): string {
    const name = `${String(++this.seq).padStart(6, '0')}.wav`;
    const tmp = join(this.dir, `${name}.part`);
    writeFileSync(tmp, wav);
    renameSync(tmp, join(this.queue, name));
    return name;
  }

  /** When the WAV `name` began on the stream (ms epoch), once it has. */
  startedAt(name: string): number | null {
    const f = join(this.room, 'started', name);
    return existsSync(f) ? Number(readFileSync(f, 'utf8')) : null;
  }

  /** Whether everything said has been played. */
  get quiet(): boolean {
    return readdirSync(this.queue).filter((n) => n.endsWith('.wav')).length === 0;
  }

  /** The device goes away mid-stream (a pulled USB microphone): the running capture fails once. */
  pull(): void {
    writeFileSync(join(this.room, 'fail'), '');
  }

  /** Devices that cannot be opened at all. */
  absent(devices: readonly string[]): void {
    writeFileSync(join(this.room, 'absent'), devices.join('\n'));
  }

  get failing(): boolean {
    return existsSync(join(this.room, 'fail'));
  }
}
