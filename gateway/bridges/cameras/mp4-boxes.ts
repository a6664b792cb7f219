// ISO BMFF (fragmented MP4) box readers: just enough of ISO/IEC 14496-12 and
// -15 to read what ffmpeg's mp4 muxer writes — the init segment's video track
// (size, timescale, avcC/hvcC → RFC 6381 codec string) and a fragment's first
// sample flags, decode time and duration. Pure, never throws: malformed input
// gives null (or a reason), and every loop is bounded by the bytes it walks.

export interface BoxRange {
  type: string;
  /** Offset of the box's payload (after its header). */
  start: number;
  /** Offset just past the box. */
  end: number;
}

/** Size and type of the box at `offset`; null when `buf` is too short; a reason when the header cannot be valid. */
export function readBoxHeader(buf: Uint8Array, offset: number): { type: string; size: number; headerSize: number } | null | string {
  if (buf.length - offset < 8) return null;
  const size32 = readU32(buf, offset);
  const type = boxType(buf, offset + 4);
  if (type === null) return 'box type is not printable';
  if (size32 === 0) return 'box extends to end of file (not a stream)';
  if (size32 === 1) {
    if (buf.length - offset < 16) return null;
    const high = readU32(buf, offset + 8);
    const low = readU32(buf, offset + 12);
    // Anything past 2^32 is far beyond every bound here.
    if (high !== 0) return 'box larger than 4 GiB';
    if (low < 16) return 'box smaller than its header';
    return { type, size: low, headerSize: 16 };
  }
  if (size32 < 8) return 'box smaller than its header';
  return { type, size: size32, headerSize: 8 };
}

/** The child boxes in [start, end); stops at the first malformed one. */
export function childBoxes(buf: Uint8Array, start: number, end: number): BoxRange[] {
  const out: BoxRange[] = [];
  let at = start;
  const limit = Math.min(end, buf.length);
  while (at + 8 <= limit) {
    const h = readBoxHeader(buf.subarray(0, limit), at);
    if (h === null || typeof h === 'string' || at + h.size > limit) break;
    out.push({ type: h.type, start: at + h.headerSize, end: at + h.size });
    at += h.size;
  }
  return out;
}

function child(buf: Uint8Array, parent: BoxRange, type: string): BoxRange | undefined {
  return childBoxes(buf, parent.start, parent.end).find((b) => b.type === type);
}

/** Follows a path of box types from `parent` (first match at each level). */
function path(buf: Uint8Array, parent: BoxRange, types: string[]): BoxRange | undefined {
  let at: BoxRange | undefined = parent;
  for (const t of types) {
    if (!at) return undefined;
    at = child(buf, at, t);
  }
  return at;
}

export type CodecFamily = 'h264' | 'h265' | 'other';

export interface InitInfo {
  /** RFC 6381 codecs parameter, e.g. "avc1.42C01E" or "hev1.1.6.L93.B0". */
  codec: string;
  family: CodecFamily;
  /** The sample entry type (avc1, avc3, hvc1, hev1, mp4v, ...). */
  sampleEntry: string;
  width: number;
  height: number;
  timescale: number;
  trackId: number;
  /** From mvex/trex: used when a fragment does not say. */
  defaultSampleDuration: number;
  defaultSampleFlags: number;
}

/** Reads the first video track of a `moov` box (given as the whole box, header included). */
export function parseInit(moov: Uint8Array): InitInfo | string {
  const top = readBoxHeader(moov, 0);
  if (top === null || typeof top === 'string' || top.type !== 'moov' || top.size > moov.length) return 'not a moov box';
  const root: BoxRange = { type: 'moov', start: top.headerSize, end: top.size };
  const traks = childBoxes(moov, root.start, root.end).filter((b) => b.type === 'trak');
  for (const trak of traks) {
    const hdlr = path(moov, trak, ['mdia', 'hdlr']);
    // hdlr: version/flags(4) pre_defined(4) handler_type(4)
    if (!hdlr || hdlr.end - hdlr.start < 12 || boxType(moov, hdlr.start + 8) !== 'vide') continue;
    const tkhd = child(moov, trak, 'tkhd');
    const mdhd = path(moov, trak, ['mdia', 'mdhd']);
    const stsd = path(moov, trak, ['mdia', 'minf', 'stbl', 'stsd']);
    if (!tkhd || !mdhd || !stsd) return 'video track without tkhd/mdhd/stsd';
    const trackId = fullBoxField(moov, tkhd, 12, 20);
    const timescale = fullBoxField(moov, mdhd, 12, 20);
    if (trackId === null || timescale === null || timescale === 0) return 'unreadable track id or timescale';
    // stsd: version/flags(4) entry_count(4), then the first sample entry box.
    const entry = childBoxes(moov, stsd.start + 8, stsd.end)[0];
    if (!entry) return 'no sample entry';
    // VisualSampleEntry: 6 reserved + 2 data_reference_index + 16 + width(2) height(2) + 50 more = 78 bytes, then boxes.
    if (entry.end - entry.start < 78) return 'short visual sample entry';
    const width = readU16(moov, entry.start + 24);
    const height = readU16(moov, entry.start + 26);
    const config = childBoxes(moov, entry.start + 78, entry.end);
    const codec = codecString(moov, entry.type, config);
    const trex = childBoxes(moov, root.start, root.end)
      .filter((b) => b.type === 'mvex')
      .flatMap((mvex) => childBoxes(moov, mvex.start, mvex.end).filter((b) => b.type === 'trex'))
      .find((t) => t.end - t.start >= 24 && readU32(moov, t.start + 4) === trackId);
    return {
      codec: codec.codec,
      family: codec.family,
      sampleEntry: entry.type,
      width,
      height,
      timescale,
      trackId,
      defaultSampleDuration: trex ? readU32(moov, trex.start + 12) : 0,
      defaultSampleFlags: trex ? readU32(moov, trex.start + 20) : 0,
    };
  }
  return 'no video track';
}

function codecString(buf: Uint8Array, entry: string, config: BoxRange[]): { codec: string; family: CodecFamily } {
  if (entry === 'avc1' || entry === 'avc3') {
    const avcC = config.find((b) => b.type === 'avcC');
    if (avcC && avcC.end - avcC.start >= 4) {
      // configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication
      return { codec: `${entry}.${hex2(buf[avcC.start + 1]!)}${hex2(buf[avcC.start + 2]!)}${hex2(buf[avcC.start + 3]!)}`, family: 'h264' };
    }
    return { codec: entry, family: 'h264' };
  }
  if (entry === 'hvc1' || entry === 'hev1') {
    const hvcC = config.find((b) => b.type === 'hvcC');
    if (hvcC && hvcC.end - hvcC.start >= 13) return { codec: `${entry}.${hevcCodecTail(buf, hvcC.start)}`, family: 'h265' };
    return { codec: entry, family: 'h265' };
  }
  return { codec: entry, family: 'other' };
}

/** ISO/IEC 14496-15 Annex E: profile_space+idc . compatibility (bit-reversed) . tier+level . constraint bytes. */
function hevcCodecTail(buf: Uint8Array, at: number): string {
  const b1 = buf[at + 1]!;
  const space = ['', 'A', 'B', 'C'][b1 >> 6]!;
  const tier = (b1 >> 5) & 1 ? 'H' : 'L';
  const profile = b1 & 0x1f;
  const compat = readU32(buf, at + 2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const level = buf[at + 12]!;
  const constraints = Array.from(buf.subarray(at + 6, at + 12));
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [`${space}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier}${level}`, ...constraints.map((c) => c.toString(16).toUpperCase())];
  return parts.join('.');
}

export interface FragmentInfo {
  /** The first sample is a sync sample (a keyframe): a viewer can start here. */
  keyframe: boolean;
  /** tfdt baseMediaDecodeTime in the track's timescale (null when absent). */
  decodeTime: number | null;
  /** Sum of the sample durations in the track's timescale (0 when unknown). */
  duration: number;
  samples: number;
}

const MAX_SAMPLES = 100_000;

/** Reads the first track fragment of a `moof` box (header included), with the init's trex defaults. */
export function parseMoof(moof: Uint8Array, defaults: Pick<InitInfo, 'defaultSampleDuration' | 'defaultSampleFlags'> = { defaultSampleDuration: 0, defaultSampleFlags: 0 }): FragmentInfo | string {
  const top = readBoxHeader(moof, 0);
  if (top === null || typeof top === 'string' || top.type !== 'moof' || top.size > moof.length) return 'not a moof box';
  const traf = childBoxes(moof, top.headerSize, top.size).find((b) => b.type === 'traf');
  if (!traf) return 'moof without traf';
  const boxes = childBoxes(moof, traf.start, traf.end);
  const tfhd = boxes.find((b) => b.type === 'tfhd');
  const trun = boxes.find((b) => b.type === 'trun');
  const tfdt = boxes.find((b) => b.type === 'tfdt');
  if (!tfhd || !trun) return 'traf without tfhd or trun';
  // tfhd: version/flags(4) track_ID(4) then optional fields in flag order.
  if (tfhd.end - tfhd.start < 8) return 'short tfhd';
  const tfFlags = readU32(moof, tfhd.start) & 0xffffff;
  let at = tfhd.start + 8;
  if (tfFlags & 0x01) at += 8;
  if (tfFlags & 0x02) at += 4;
  let defaultDuration = defaults.defaultSampleDuration;
  let defaultFlags = defaults.defaultSampleFlags;
  if (tfFlags & 0x08) {
    if (at + 4 > tfhd.end) return 'short tfhd';
    defaultDuration = readU32(moof, at);
    at += 4;
  }
  if (tfFlags & 0x10) at += 4;
  if (tfFlags & 0x20) {
    if (at + 4 > tfhd.end) return 'short tfhd';
    defaultFlags = readU32(moof, at);
  }
  let decodeTime: number | null = null;
  if (tfdt && tfdt.end - tfdt.start >= 8) {
    const version = moof[tfdt.start]!;
    if (version === 1 && tfdt.end - tfdt.start >= 12) decodeTime = readU32(moof, tfdt.start + 4) * 2 ** 32 + readU32(moof, tfdt.start + 8);
    else decodeTime = readU32(moof, tfdt.start + 4);
  }
  // trun: version/flags(4) sample_count(4) [data_offset(4)] [first_sample_flags(4)] then per-sample fields.
  if (trun.end - trun.start < 8) return 'short trun';
  const trFlags = readU32(moof, trun.start) & 0xffffff;
  const count = readU32(moof, trun.start + 4);
  at = trun.start + 8;
  if (trFlags & 0x01) at += 4;
  let firstFlags: number | null = null;
  if (trFlags & 0x04) {
    if (at + 4 > trun.end) return 'short trun';
    firstFlags = readU32(moof, at);
    at += 4;
  }
  const perSample = [0x100, 0x200, 0x400, 0x800].filter((f) => trFlags & f).length * 4;
  if (count > MAX_SAMPLES || at + count * perSample > trun.end) return 'trun sample count beyond its box';
  let duration = 0;
  let firstSampleFlags: number | null = null;
  for (let i = 0; i < count; i++) {
    let d = defaultDuration;
    if (trFlags & 0x100) {
      d = readU32(moof, at);
      at += 4;
    }
    if (trFlags & 0x200) at += 4;
    if (trFlags & 0x400) {
      if (i === 0) firstSampleFlags = readU32(moof, at);
      at += 4;
    }
    if (trFlags & 0x800) at += 4;
    duration += d;
  }
  const flags = firstSampleFlags ?? firstFlags ?? defaultFlags;
  // sample_is_non_sync_sample is bit 16 of the sample flags.
  return { keyframe: count > 0 && (flags & 0x10000) === 0, decodeTime, duration, samples: count };
}

/** A version/flags box's field at `v0` (version 0) or `v1` (version 1) bytes into its payload. */
function fullBoxField(buf: Uint8Array, box: BoxRange, v0: number, v1: number): number | null {
  const offset = buf[box.start] === 1 ? v1 : v0;
  if (box.start + offset + 4 > box.end) return null;
  return readU32(buf, box.start + offset);
}

export function readU32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) >>> 0) + (buf[at + 1]! << 16) + (buf[at + 2]! << 8) + buf[at + 3]!;
}

function readU16(buf: Uint8Array, at: number): number {
  return (buf[at]! << 8) + buf[at + 1]!;
}

function boxType(buf: Uint8Array, at: number): string | null {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const c = buf[at + i]!;
    // Printable ASCII (ISO BMFF allows © in some user-data types: 0xA9).
    if ((c < 0x20 || c > 0x7e) && c !== 0xa9) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
