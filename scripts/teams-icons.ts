// Draws the Teams app icons (SVG rendered to PNG with @resvg/resvg-js) into manifest/teams/.
// Run once after changing the drawing: `node bin/run-ts.js scripts/teams-icons.ts`. The PNGs are committed.
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

/** Five dots, as on a die: the five questions. */
const DOTS = [
  [-1, -1],
  [1, -1],
  [0, 0],
  [-1, 1],
  [1, 1],
] as const;

function dots(cx: number, cy: number, spread: number, radius: number, fill: string): string {
  return DOTS.map(
    ([x, y]) => `<circle cx="${cx + x * spread}" cy="${cy + y * spread}" r="${radius}" fill="${fill}"/>`,
  ).join('');
}

// Color icon: 192×192, a full background in the accent colour with a white speech bubble.
const color = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
<rect width="192" height="192" fill="#1F6F5C"/>
<path d="M40 44h112a12 12 0 0 1 12 12v64a12 12 0 0 1-12 12H92l-30 24v-24H40a12 12 0 0 1-12-12V56a12 12 0 0 1 12-12z" fill="#FFFFFF"/>
${dots(96, 88, 24, 9, '#1F6F5C')}
</svg>`;

// Outline icon: 32×32, white on transparent only (Teams recolours it).
const outline = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
<path d="M6 6h20a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-9l-6 5v-5H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" fill="none" stroke="#FFFFFF" stroke-width="2" stroke-linejoin="round"/>
${dots(16, 14, 4.5, 1.6, '#FFFFFF')}
</svg>`;

for (const [name, svg] of [
  ['color.png', color],
  ['outline.png', outline],
] as const) {
  const png = new Resvg(svg, { background: name === 'color.png' ? '#1F6F5C' : 'rgba(0,0,0,0)' }).render().asPng();
  writeFileSync(new URL(`../manifest/teams/${name}`, import.meta.url), png);
  console.log(`manifest/teams/${name}: ${png.length} bytes`);
}
