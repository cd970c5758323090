/**
 * Chromium's MediaRecorder writes WebM as a live stream: the Segment has an unknown size and
 * its Info carries no Duration, so players show no length and slide programs cannot seek
 * (crbug.com/642012). This writes the Duration (EBML ID 0x4489, a 64-bit float in units of
 * TimecodeScale, which Chromium sets to 1 ms) into the Info element, as the Matroska
 * specification places it, and changes nothing else.
 */

const EBML_ID = 0x1a45dfa3;
const SEGMENT_ID = 0x18538067;
const INFO_ID = 0x1549a966;
const DURATION_ID = 0x4489;
const TIMECODE_SCALE_ID = 0x2ad7b1;

/** An element ID: its length comes from the leading zeros of the first byte, and it keeps its marker bit. */
function readId(b: Uint8Array, at: number): { id: number; length: number } {
  const length = Math.clz32(b[at]) - 23;
  if (length < 1 || length > 4) throw new Error('webm: bad element id');
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + b[at + i];
  return { id, length };
}

/** A size: a variable-length integer without its marker; all ones means "unknown". */
function readSize(b: Uint8Array, at: number): { size: number; length: number; unknown: boolean } {
  const length = Math.clz32(b[at]) - 23;
  if (length < 1 || length > 8) throw new Error('webm: bad size');
  let size = b[at] & (0xff >> length);
  let allOnes = size === 0xff >> length;
  for (let i = 1; i < length; i++) {
    size = size * 256 + b[at + i];
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { size, length, unknown: allOnes };
}

function writeSize(size: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = size;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0] |= 0x80 >> (length - 1);
  return out;
}

function float64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The WebM with its Duration set to `ms`; a file that is not such a WebM is returned unchanged. */
export function withDuration(bytes: Uint8Array, ms: number): Uint8Array {
  try {
    let at = 0;
    const header = readId(bytes, at);
    if (header.id !== EBML_ID) return bytes;
    const headerSize = readSize(bytes, at + header.length);
    at += header.length + headerSize.length + headerSize.size;
    const segment = readId(bytes, at);
    if (segment.id !== SEGMENT_ID) return bytes;
    const segmentSize = readSize(bytes, at + segment.length);
    at += segment.length + segmentSize.length;
    // Info comes before the first Cluster; walk the Segment's children until it is found.
    while (at < bytes.length) {
      const el = readId(bytes, at);
      const size = readSize(bytes, at + el.length);
      const body = at + el.length + size.length;
      if (size.unknown) return bytes;
      if (el.id === INFO_ID) return patchInfo(bytes, at, el.length, size, body, ms, segmentSize.unknown ? undefined : { at: at - segmentSize.length, size: segmentSize });
      at = body + size.size;
    }
  } catch {
    // Not a WebM this can read: keep it as it is.
  }
  return bytes;
}

function patchInfo(
  bytes: Uint8Array, infoAt: number, idLength: number, size: { size: number; length: number }, body: number, ms: number,
  segment?: { at: number; size: { size: number; length: number } },
): Uint8Array {
  // An existing Duration is overwritten in place.
  let at = body;
  while (at < body + size.size) {
    const el = readId(bytes, at);
    const s = readSize(bytes, at + el.length);
    if (el.id === DURATION_ID && s.size === 8) {
      const out = bytes.slice();
      out.set(float64(ms), at + el.length + s.length);
      return out;
    }
    if (el.id === TIMECODE_SCALE_ID && s.size > 0) {
      // Duration counts in TimecodeScale nanoseconds; Chromium writes 1,000,000 (1 ms).
      let scale = 0;
      for (let i = 0; i < s.size; i++) scale = scale * 256 + bytes[at + el.length + s.length + i];
      if (scale > 0) ms = (ms * 1e6) / scale;
    }
    at += el.length + s.length + s.size;
  }
  const duration = concat([new Uint8Array([0x44, 0x89, 0x88]), float64(ms)]);
  const grown = size.size + duration.length;
  const sizeLength = Math.max(size.length, grown < 127 ? 1 : grown < 16383 ? 2 : 4);
  const parts = [
    bytes.subarray(0, infoAt + idLength),
    writeSize(grown, sizeLength),
    bytes.subarray(body, body + size.size),
    duration,
    bytes.subarray(body + size.size),
  ];
  const out = concat(parts);
  // A Segment of known size grows by the same bytes.
  if (segment) out.set(writeSize(segment.size.size + out.length - bytes.length, segment.size.length), segment.at);
  return out;
}

/** The Duration a WebM declares, in ms (for tests and checks), or undefined. */
export function readDuration(bytes: Uint8Array): number | undefined {
  let at = 0;
  const header = readId(bytes, at);
  const headerSize = readSize(bytes, at + header.length);
  at += header.length + headerSize.length + headerSize.size;
  const segment = readId(bytes, at);
  at += segment.length + readSize(bytes, at + segment.length).length;
  const info = readId(bytes, at);
  if (info.id !== INFO_ID) return undefined;
  const infoSize = readSize(bytes, at + info.length);
  const end = at + info.length + infoSize.length + infoSize.size;
  at += info.length + infoSize.length;
  while (at < end) {
    const el = readId(bytes, at);
    const s = readSize(bytes, at + el.length);
    if (el.id === DURATION_ID) return new DataView(bytes.buffer, bytes.byteOffset + at + el.length + s.length, 8).getFloat64(0);
    at += el.length + s.length + s.size;
  }
  return undefined;
}
