// Renders build/icon.svg, the one source of the app icon, to the PNG sizes electron-builder
// uses: build/icons/<n>x<n>.png (Linux icon set and .desktop Icon), 256 for Windows' .ico,
// 1024 for macOS' .icns. Run before electron-builder (npm run dist, dist:win, pack:check).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

const buildDir = join(import.meta.dirname, '../build');
const svg = readFileSync(join(buildDir, 'icon.svg'));
mkdirSync(join(buildDir, 'icons'), { recursive: true });
for (const size of ICON_SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), png);
}
