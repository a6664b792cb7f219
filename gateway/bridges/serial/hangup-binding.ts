// serialport's own read on Linux retries a read that returns 0 bytes, forever.
// A tty returns 0 only once it has hung up (a USB serial adapter unplugged, a
// pty whose other end closed) and then returns 0 on every read: the port
// spins a thread-pool thread at full CPU and never reports the unplug
// (serialport/bindings-cpp#162). It is only caught when the read happens to
// run before the kernel finishes the hang-up. This binding reads the same way
// but takes a 0-byte read as the disconnect it is.
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import type { PortFactory } from './ports.js';

const readAsync = promisify(read);

type Binding = typeof SerialPort.binding;
type PortBinding = Awaited<ReturnType<Binding['open']>>;

/** What the Linux port binding has beyond the interface: its fd and the poller that says when it is readable. */
interface PolledPort {
  fd: number | null;
  readonly isOpen: boolean;
  poller: { once(event: 'readable', callback: (err: Error | null) => void): unknown };
}

const isPolled = (port: object): port is PolledPort => 'poller' in port && 'fd' in port;

/** A read cut short by our own close: serialport's stream ignores these (`canceled`). */
const canceled = () => Object.assign(new Error('Port is not open'), { canceled: true });

const again = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
};

/** At least one byte, or a rejection: canceled when the port was closed here, else a disconnect. */
async function readHangUpAware(port: PolledPort, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw canceled();
    let bytesRead: number;
    try {
      ({ bytesRead } = await readAsync(port.fd, buffer, offset, length, null));
    } catch (err) {
      if (!again(err)) throw err;
      if (!port.isOpen) throw canceled();
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (e) => (e ? reject(e) : resolve())));
      continue;
    }
    if (bytesRead === 0) throw Object.assign(new Error('hung up (the read returned end of file)'), { code: 'EHANGUP' });
    return { bytesRead, buffer };
  }
}

/** The platform's binding with the read above on ports that have a poller (Linux, macOS); others as they are. */
export function hangUpAwareBinding(binding: Binding = SerialPort.binding): Binding {
  const open = async (options: Parameters<Binding['open']>[0]): Promise<PortBinding> => {
    const port = await (binding.open as (o: typeof options) => Promise<PortBinding>)(options);
    if (isPolled(port)) port.read = (buffer, offset, length) => readHangUpAware(port, buffer, offset, length);
    return port;
  };
  return { ...binding, list: () => binding.list(), open } as Binding;
}

const binding = hangUpAwareBinding();

/** serialport's stream over that binding, with autoOpen off (never opens, never lists ports). */
export const serialportFactory: PortFactory = ({ path, baudRate }) => {
  const options = { path, baudRate, autoOpen: false, binding };
  return new SerialPort(options as ConstructorParameters<typeof SerialPort>[0]);
};
