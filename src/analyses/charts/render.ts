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
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
