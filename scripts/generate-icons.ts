// Writes the console's raster icons into public/ from public/icon.svg (`npm run icons`), drawn by
// Debian's Chromium (the browser the tests already use), so no image library or download is needed.
// The files are committed; run this again after changing icon.svg. app/layout.tsx and
// public/manifest.webmanifest name them, and app/icons.test.ts checks that they are what those say.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const publicDir = path.resolve(__dirname, '..', 'public');
const svg = fs.readFileSync(path.join(publicDir, 'icon.svg'), 'utf8');
// Home screens cut their own shape (iOS rounds the corners, Android's maskable icons may be circles):
// those icons fill the whole square, with the mark inside the central 80 % that every mask keeps.
const fullBleedSvg = svg.replace(/<rect [^>]*\/>/, '<rect width="32" height="32" fill="#111827"/>');

const outputs: { file: string; size: number; source: string }[] = [
  { file: 'icon-192.png', size: 192, source: svg },
  { file: 'icon-512.png', size: 512, source: svg },
  { file: 'icon-maskable-512.png', size: 512, source: fullBleedSvg },
  { file: 'apple-touch-icon.png', size: 180, source: fullBleedSvg },
];
const faviconSizes = [16, 32, 48];

/** An .ico holding PNG images (every browser since IE 11 reads them): a 6-byte header, a 16-byte entry per image, then the images. */
function encodeIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const render = async (source: string, size: number) => {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
      return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    };
    for (const { file, size, source } of outputs) {
      fs.writeFileSync(path.join(publicDir, file), await render(source, size));
      console.log(`wrote public/${file} (${size}×${size})`);
    }
    const images = [];
    for (const size of faviconSizes) images.push({ size, png: await render(svg, size) });
    fs.writeFileSync(path.join(publicDir, 'favicon.ico'), encodeIco(images));
    console.log(`wrote public/favicon.ico (${faviconSizes.join(', ')} px)`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
