// A byte-level guard on an MQTT connection's inbound stream: it follows the
// fixed headers (type byte + variable-length "remaining length") and reports a
// packet that declares more than the limit, before the broker buffers it.
// aedes 1.x has no maximum packet size, and its parser buffers a whole packet
// (up to 256 MB as the protocol allows) before it looks at it.

type Phase = 'header' | 'length' | 'body';

export class FrameGuard {
  private phase: Phase = 'header';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;
  private failed = false;

  /** @param maxRemainingLength largest "remaining length" accepted (bytes after the fixed header). */
  constructor(readonly maxRemainingLength: number) {}

  /** Feed bytes as they are read; false once a packet over the limit (or a malformed length) is seen. */
  feed(chunk: Uint8Array): boolean {
    if (this.failed) return false;
    let i = 0;
    while (i < chunk.length) {
      switch (this.phase) {
        case 'header':
          i++;
          this.phase = 'length';
          this.length = 0;
          this.multiplier = 1;
          this.lengthBytes = 0;
          break;
        case 'length': {
          const byte = chunk[i++]!;
          this.length += (byte & 0x7f) * this.multiplier;
          this.multiplier *= 128;
          this.lengthBytes++;
          if (this.length > this.maxRemainingLength) return this.fail();
          if (byte & 0x80) {
            // The protocol allows at most four length bytes.
            if (this.lengthBytes >= 4) return this.fail();
          } else if (this.length === 0) {
            this.phase = 'header';
          } else {
            this.remaining = this.length;
            this.phase = 'body';
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.remaining, chunk.length - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.phase = 'header';
          break;
        }
      }
    }
    return true;
  }

  private fail(): false {
    this.failed = true;
    return false;
  }
}
