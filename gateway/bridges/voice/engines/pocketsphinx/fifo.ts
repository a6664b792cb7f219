// Named pipes between the gateway and a long-lived pocketsphinx_batch: the
// process port's stdin and stdout are sockets, which `-ctl` and `-hypseg`
// cannot open, so the control lines go in through one FIFO and the hypotheses
// come out through another. Node has no mkfifo: `mkfifo` (coreutils) runs once
// through the process port. Both ends are opened read-write and non-blocking
// on our side, so neither open waits for the child, a child's exit is no
// end-of-file for us (its successor writes to the same pipe), and reading goes
// through the event loop (a net.Socket over the descriptor).
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { ProcessPort } from '../../../../process/types.js';
import { runOnce } from './batch.js';

/** Makes the FIFOs (mode 0600) with `mkfifo`; rejects with its error. */
export async function makeFifos(processes: ProcessPort, name: string, paths: readonly string[]): Promise<void> {
  await runOnce(processes, { name, command: 'mkfifo', args: ['-m', '600', '--', ...paths], timeoutMs: 5000 });
}

/** Our end of one FIFO: lines written (control), or bytes read (hypotheses). */
export class FifoEnd {
  private readonly fd: number;
  private socket: Socket | null = null;
  private closed = false;

  constructor(path: string) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  }

  /** Writes a short line whole (under PIPE_BUF, so atomic); false when the pipe is full or closed. */
  writeLine(line: string): boolean {
    if (this.closed) return false;
    const bytes = Buffer.from(`${line}\n`);
    try {
      return writeSync(this.fd, bytes) === bytes.length;
    } catch {
      return false;
    }
  }

  /** Reads what comes; at most once per end. */
  read(onData: (chunk: Buffer) => void): void {
    if (this.closed || this.socket) return;
    this.socket = new Socket({ fd: this.fd, readable: true, writable: false });
    this.socket.on('data', onData);
    // A read error on our own pipe: nothing to recover; the decode's timeout answers for it.
    this.socket.on('error', () => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.socket) this.socket.destroy();
    else closeSync(this.fd);
  }
}
