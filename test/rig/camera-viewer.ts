// A WebSocket viewer of one camera (plain `ws`), recording what the bridge
// sends: JSON messages, binary segments (init, fragments), the close code.
import WebSocket from 'ws';
import { parseMoof } from '../../gateway/bridges/cameras/mp4-boxes.js';
import { waitFor } from '../../scripts/rig/wait.js';

export interface Viewer {
  texts: Record<string, unknown>[];
  binaries: Buffer[];
  /** Binary messages that are fragments (moof first), with their keyframe flag, in order. */
  fragments(): { keyframe: boolean; bytes: number }[];
  closeCode: number | null;
  opened: Promise<void>;
  closed: Promise<number>;
  states(): string[];
  close(): void;
  waitText(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
  waitFragments(n: number, timeoutMs?: number): Promise<void>;
}

export function openViewer(url: string, headers: Record<string, string> = {}): Viewer {
  const ws = new WebSocket(url, { headers });
  const texts: Record<string, unknown>[] = [];
  const binaries: Buffer[] = [];
  const v: Viewer = {
    texts,
    binaries,
    closeCode: null,
    fragments: () => binaries.filter((b) => b.toString('latin1', 4, 8) === 'moof').map((b) => {
      const size = b.readUInt32BE(0);
      const info = parseMoof(b.subarray(0, size));
      return { keyframe: typeof info !== 'string' && info.keyframe, bytes: b.length };
    }),
    opened: new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    }),
    closed: new Promise((resolve) => ws.once('close', (code) => {
      v.closeCode = code;
      resolve(code);
    })),
    states: () => texts.filter((t) => t.type === 'state').map((t) => String(t.state)),
    close: () => ws.close(),
    waitText: (pred, timeoutMs = 10_000, what = 'a message') => waitFor(() => texts.find(pred), { timeoutMs, what }),
    waitFragments: async (n, timeoutMs = 10_000) => {
      await waitFor(() => v.fragments().length >= n, { timeoutMs, what: `${n} fragments` });
    },
  };
  v.opened.catch(() => undefined);
  ws.on('message', (data, isBinary) => {
    if (isBinary) binaries.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    else {
      try {
        texts.push(JSON.parse(String(data)) as Record<string, unknown>);
      } catch {
        texts.push({ type: 'unparseable' });
      }
    }
  });
  ws.on('error', () => undefined);
  return v;
}
