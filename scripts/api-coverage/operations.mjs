// Which operations of Lithic's spec the sandbox serves, shared by `npm run api:coverage` and the
// spec-driven contract suite so both count the same operations. Plain ESM: the script runs on Node.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export const SPEC_URL = new URL('../../spec/lithic-openapi.yml', import.meta.url);
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function loadSpec() {
  return YAML.parse(readFileSync(SPEC_URL, 'utf8'));
}

/** `/v1/cards/{card_token}` and `/v1/cards/{token}` are one route: parameter names may differ. */
export function routeShape(path) {
  return path.replace(/\{[^}]+\}|:[^/]+/g, '{}');
}

/** Every operation of the spec, in its document order. */
export function specOperations(spec) {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      operationId: item[method].operationId,
      tag: item[method].tags?.[0] ?? '(untagged)',
      operation: item[method],
    })),
  );
}

/**
 * The routes the app serves, from the OpenAPI document it builds from its own controllers (served at
 * /docs/openapi.json), as `method shape` keys.
 */
export function servedRoutes(document) {
  return new Set(
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => `${method} ${routeShape(path)}`),
    ),
  );
}

export async function fetchServedRoutes(baseUrl) {
  const response = await fetch(`${baseUrl}/docs/openapi.json`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/docs/openapi.json answered ${response.status}`);
  return servedRoutes(await response.json());
}

export function implementedOperations(spec, served) {
  return specOperations(spec).filter((op) => served.has(`${op.method} ${routeShape(op.path)}`));
}

/** One row per spec tag, in the spec's tag order: how many of its operations the sandbox serves. */
export function coverageRows(spec, served) {
  const operations = specOperations(spec);
  const order = (spec.tags ?? []).map((tag) => tag.name);
  const tags = [...new Set([...order, ...operations.map((op) => op.tag)])];
  return tags
    .map((tag) => {
      const mine = operations.filter((op) => op.tag === tag);
      const missing = mine.filter((op) => !served.has(`${op.method} ${routeShape(op.path)}`));
      return { tag, implemented: mine.length - missing.length, of: mine.length, missing };
    })
    .filter((row) => row.of > 0);
}

function missingText(row) {
  if (row.missing.length === 0) return '';
  if (row.implemented === 0) return 'all';
  return row.missing.map((op) => op.operationId).join(', ');
}

/**
 * The table, as aligned plain text or as Markdown (padded the way Prettier pads a table, so README.md
 * can hold it verbatim), ending with the `N of M` total.
 */
export function renderCoverage(rows, { markdown = false } = {}) {
  const implemented = rows.reduce((sum, row) => sum + row.implemented, 0);
  const total = rows.reduce((sum, row) => sum + row.of, 0);
  const header = ['tag', 'implemented', 'of', 'operations missing'];
  const body = rows.map((row) => [row.tag, String(row.implemented), String(row.of), missingText(row)]);
  const summary = `${implemented} of ${total} operations of Lithic's API are implemented.`;
  const widths = header.map((_, i) => Math.max(3, ...[header, ...body].map((cells) => cells[i].length)));
  const numeric = (i) => i === 1 || i === 2;
  const pad = (cells) =>
    cells.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])));
  if (markdown) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    const rule = widths.map((width, i) => (numeric(i) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)));
    return (
      [line(pad(header)), line(rule), ...body.map((cells) => line(pad(cells))), '', summary].join('\n') + '\n'
    );
  }
  const line = (cells) => pad(cells).join('  ').trimEnd();
  return [line(header), ...body.map(line), '', summary].join('\n') + '\n';
}
