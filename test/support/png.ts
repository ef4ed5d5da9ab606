import { PNG } from 'pngjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngFacts {
  width: number;
  height: number;
  /** Distinct colours among a sample of pixels: a blank image has one or two. */
  colours: number;
  /** Share of sampled pixels that are not (near) white. */
  inked: number;
}

/** Decodes a PNG (pngjs) and says what a test needs to know that it shows something. */
export function pngFacts(buffer: Buffer): PngFacts {
  if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: wrong signature');
  const png = PNG.sync.read(buffer);
  const colours = new Set<number>();
  let inked = 0;
  let sampled = 0;
  const step = Math.max(1, Math.floor((png.width * png.height) / 40_000));
  for (let pixel = 0; pixel < png.width * png.height; pixel += step) {
    const at = pixel * 4;
    const [r = 0, g = 0, b = 0] = [png.data[at], png.data[at + 1], png.data[at + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 235 || g < 235 || b < 235) inked += 1;
    sampled += 1;
  }
  return { width: png.width, height: png.height, colours: colours.size, inked: inked / sampled };
}
