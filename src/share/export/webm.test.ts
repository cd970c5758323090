import { describe, expect, it } from 'vitest';
import { readDuration, withDuration } from './webm';

/** A WebM as Chromium's MediaRecorder starts it: EBML header, a Segment of unknown size, Info without Duration, Tracks, a Cluster. */
function recorderWebm(knownSegment = false): Uint8Array {
  const ebml = [0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x82, 0x81, 0x77]; // EBML { DocType-ish filler }
  const info = [
    0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, // TimecodeScale 1,000,000
    0x4d, 0x80, 0x86, 0x43, 0x68, 0x72, 0x6f, 0x6d, 0x65, // MuxingApp "Chrome"
  ];
  const infoEl = [0x15, 0x49, 0xa9, 0x66, 0x80 | info.length, ...info];
  const tracks = [0x16, 0x54, 0xae, 0x6b, 0x82, 0xae, 0x80];
  const cluster = [0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe7, 0x81, 0x00];
  const body = [...infoEl, ...tracks, ...cluster];
  const segmentSize = knownSegment ? [0x40 | (body.length >> 8), body.length & 0xff] : [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  return new Uint8Array([...ebml, 0x18, 0x53, 0x80, 0x67, ...segmentSize, ...body]);
}

describe('the WebM duration', () => {
  it('is written into Info of a recording that has none, leaving the rest as it was', () => {
    const before = recorderWebm();
    expect(readDuration(before)).toBeUndefined();
    const after = withDuration(before, 12_345);
    expect(readDuration(after)).toBe(12_345);
    expect(after.length).toBe(before.length + 11);
    // Tracks and the Cluster follow untouched.
    expect([...after.slice(-22)]).toEqual([...before.slice(-22)]);
  });

  it('is overwritten when there is one, and grows a Segment of known size', () => {
    const once = withDuration(recorderWebm(true), 1000);
    const twice = withDuration(once, 2500);
    expect(twice.length).toBe(once.length);
    expect(readDuration(twice)).toBe(2500);
    // The Segment's size (2-byte vint after its ID) counts the new element.
    const size = ((once[13] & 0x3f) << 8) | once[14];
    expect(size).toBe(once.length - 15);
  });

  it('leaves anything else alone', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(withDuration(png, 10)).toBe(png);
  });
});
