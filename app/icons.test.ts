// The console's icons and web manifest in public/: what app/layout.tsx and the manifest name exists, has
// the size it is said to have, and is what a phone needs to pin the console to its home screen.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const publicDir = path.join(root, 'public');
const read = (file: string) => fs.readFileSync(path.join(publicDir, file));

/** Width, height and colour type from a PNG's signature and IHDR chunk. */
function readPngHeader(png: Buffer): { width: number; height: number; colourType: number } {
  expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii'), 'first chunk').toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png.readUInt8(25) };
}

type Manifest = { name?: string; short_name?: string; start_url?: string; display?: string; theme_color?: string; background_color?: string; icons?: { src: string; sizes: string; type: string; purpose?: string }[] };
const manifest = JSON.parse(read('manifest.webmanifest').toString('utf8')) as Manifest;

describe('web manifest', () => {
  it('lets a phone pin the console: names, start URL, standalone display, colours', () => {
    expect(manifest.name).toBe('VoiceHive Ops');
    expect(manifest.short_name!.length).toBeLessThanOrEqual(12);
    expect(manifest.start_url).toBe('/');
    expect(manifest.display).toBe('standalone');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('has 192 and 512 pixel PNG icons, and a maskable one', () => {
    const pngSizes = manifest.icons!.filter((i) => i.type === 'image/png' && i.purpose !== 'maskable').map((i) => i.sizes);
    expect(pngSizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons!.some((i) => i.purpose === 'maskable')).toBe(true);
  });

  it('names only files that exist, each of the size it states', () => {
    for (const icon of manifest.icons!) {
      const file = icon.src.replace(/^\//, '');
      expect(fs.existsSync(path.join(publicDir, file)), icon.src).toBe(true);
      if (icon.type !== 'image/png') continue;
      const { width, height } = readPngHeader(read(file));
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
  });
});

describe('icons', () => {
  it('has an opaque 180×180 apple-touch-icon (iOS shows transparency as black)', () => {
    const { width, height, colourType } = readPngHeader(read('apple-touch-icon.png'));
    expect([width, height]).toEqual([180, 180]);
    expect([0, 2], 'greyscale or RGB, no alpha channel').toContain(colourType);
  });

  it('has a favicon.ico holding 16, 32 and 48 pixel PNG images', () => {
    const ico = read('favicon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)], 'reserved 0, type 1 (icon)').toEqual([0, 1]);
    const sizes = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + i * 16;
      const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      const { width, height } = readPngHeader(image);
      expect([width, height]).toEqual([ico.readUInt8(entry), ico.readUInt8(entry + 1)]);
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 32, 48]);
  });

  it('links from the root layout only to files in public/', () => {
    const layout = fs.readFileSync(path.join(root, 'app/layout.tsx'), 'utf8');
    const linked = [...layout.matchAll(/'\/([\w.-]+\.(?:ico|svg|png|webmanifest))'/g)].map((m) => m[1]!);
    expect(linked).toEqual(expect.arrayContaining(['favicon.ico', 'icon.svg', 'apple-touch-icon.png', 'manifest.webmanifest']));
    for (const file of linked) expect(fs.existsSync(path.join(publicDir, file)), file).toBe(true);
  });
});
