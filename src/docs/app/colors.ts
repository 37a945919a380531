/** Colours by resource type and by last run status; an unknown type gets a stable colour of its own. */
const TYPE_COLORS: Record<string, string> = {
  source: '#3f9e5a',
  ingest: '#13a3a3',
  seed: '#8a63c2',
  model: '#2f74c0',
  snapshot: '#5b6fd6',
  test: '#8d99a6',
  unit_test: '#a58bb5',
  analysis: '#d98a1f',
  exposure: '#c9504b',
};

const STATUS_COLORS: Record<string, string> = {
  success: '#2e9e5b',
  pass: '#2e9e5b',
  warn: '#e0a100',
  error: '#d64545',
  fail: '#d64545',
  'runtime error': '#d64545',
  skipped: '#a3acb6',
  'not run': '#dfe3e8',
};

export function typeColor(type: string): string {
  const known = TYPE_COLORS[type];
  if (known) return known;
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360}, 45%, 45%)`;
}

export function statusColor(status: string | undefined): string {
  return STATUS_COLORS[status ?? 'not run'] ?? '#7a7a7a';
}

/** Dark text on light fills. */
export function textColorOn(fill: string): string {
  return fill === STATUS_COLORS['not run'] || fill === STATUS_COLORS.warn ? '#1d2733' : '#ffffff';
}

export const STATUS_LEGEND = ['success', 'pass', 'warn', 'error', 'fail', 'skipped', 'not run'];
