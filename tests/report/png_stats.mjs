// File: tests/report/png_stats.mjs
// Prints pixel statistics of an 8-bit RGB/RGBA PNG (no dependencies: node's zlib inflates
// the IDAT stream, the five PNG filters are undone here):
//   node png_stats.mjs shot.png  ->  {"width":..,"height":..,"non_white":..,"accent":..}
// non_white: pixels with any channel below 240; accent: pixels near the report's bar colour
// #0b57d0 (charts drawn). PNG: ISO/IEC 15948 / W3C PNG specification.
import fs from 'node:fs';
import zlib from 'node:zlib';

const buf = fs.readFileSync(process.argv[2]);
if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
let off = 8, width = 0, height = 0, colorType = 0, bitDepth = 0;
const idat = [];
while (off < buf.length) {
  const len = buf.readUInt32BE(off);
  const type = buf.toString('latin1', off + 4, off + 8);
  const data = buf.subarray(off + 8, off + 8 + len);
  if (type === 'IHDR') {
    width = data.readUInt32BE(0); height = data.readUInt32BE(4);
    bitDepth = data[8]; colorType = data[9];
  } else if (type === 'IDAT') idat.push(data);
  off += 12 + len;
}
if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error('unsupported PNG');
const bpp = colorType === 6 ? 4 : 3;
const raw = zlib.inflateSync(Buffer.concat(idat));
const stride = width * bpp;
const cur = Buffer.alloc(stride), prev = Buffer.alloc(stride);
let nonWhite = 0, accent = 0;
for (let y = 0; y < height; y++) {
  const f = raw[y * (stride + 1)];
  const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
  for (let i = 0; i < stride; i++) {
    const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
    let v = line[i];
    if (f === 1) v += a;
    else if (f === 2) v += b;
    else if (f === 3) v += (a + b) >> 1;
    else if (f === 4) {
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    cur[i] = v & 255;
  }
  for (let x = 0; x < width; x++) {
    const r = cur[x * bpp], g = cur[x * bpp + 1], bl = cur[x * bpp + 2];
    if (r < 240 || g < 240 || bl < 240) nonWhite++;
    if (Math.abs(r - 0x0b) < 30 && Math.abs(g - 0x57) < 30 && Math.abs(bl - 0xd0) < 30) accent++;
  }
  cur.copy(prev);
}
console.log(JSON.stringify({ width, height, non_white: nonWhite, accent }));
