import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { logger, None, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * vega-lite spec -> vega spec -> SVG, headless: a vega View with the 'none' renderer draws
 * nothing on screen and `toSVG` writes the scene graph as SVG text. No browser, no canvas.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const quiet = logger(None);
  const vegaSpec = compile(spec, { logger: quiet }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', logger: quiet });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * SVG -> PNG with resvg (a Rust renderer whose prebuilt binary ships inside an npm platform
 * package, so installing downloads nothing else), at twice the size for sharp text.
 */
export function svgToPng(svg: string): Buffer {
  const renderer = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: chartFonts() });
  return renderer.render().asPng();
}

/** Where distributions put DejaVu (Debian/Ubuntu, Fedora/Arch, others). */
const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/TTF'];
let fonts: ResvgFontOptions | undefined;

type ResvgFontOptions = NonNullable<NonNullable<ConstructorParameters<typeof Resvg>[1]>['font']>;

/**
 * The fonts charts are drawn with, looked up once per process: scanning every system font costs
 * resvg ~100-300 ms per chart (more with many fonts installed), loading two DejaVu files a few ms.
 * Without DejaVu, the system fonts it is.
 */
function chartFonts(): ResvgFontOptions {
  if (fonts) return fonts;
  const dejavu = DEJAVU_DIRS.find((dir) => existsSync(join(dir, 'DejaVuSans.ttf')));
  // Regular and bold are all vega's charts use (titles are bold).
  const files = dejavu ? ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dejavu, f)).filter((f) => existsSync(f)) : [];
  fonts = files.length > 0
    ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
    : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  return fonts;
}
