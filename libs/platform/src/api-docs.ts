import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
type Operation = { responses?: Json };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The error body every failure has, for routes Lithic's spec does not describe. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['debugging_request_id', 'message'],
  properties: {
    debugging_request_id: { type: 'string', format: 'uuid' },
    message: { type: 'string', description: 'What went wrong, naming the field when a field is wrong' },
  },
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/SandboxError' } } },
});
const SANDBOX_ERRORS: Json = {
  '400': errorResponse('A field is missing or wrong; the message names it'),
  '401': errorResponse('Missing or unknown API key'),
  '404': errorResponse('No such object in this account'),
};

/**
 * `/docs`: our routes and request bodies from the controllers, and for every route Lithic has, the
 * response bodies and error responses of Lithic's own spec (spec/lithic-openapi.yml), so the page
 * shows what comes back. Built on the first request to /docs, not at start-up: parsing the spec costs
 * time a test suite's sandbox should not pay.
 */
export function setupApiDocs(app: NestFastifyApplication, title: string): void {
  let document: OpenAPIObject | undefined;
  // Nest serves the document; the page and Swagger UI's assets are served here, through the
  // @fastify/static this package depends on (Nest's own lookup of it fails in an installed package).
  SwaggerModule.setup('docs', app, () => (document ??= buildDocument(app, title)), {
    jsonDocumentUrl: 'docs/openapi.json',
    ui: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(fastifyStatic, {
    root: dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
    prefix: '/docs/',
    decorateReply: false,
    index: false,
    allowedPath: (path) =>
      /^\/(swagger-ui(-bundle|-standalone-preset)?\.(js|css)|favicon-(16|32)x\d\d\.png)$/.test(path),
  });
  const page = docsPage(title);
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}

function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}: API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: '/docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
</script>
</body>
</html>
`;
}

export function buildDocument(app: INestApplication, title: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(
        'A local, stateful sandbox of a virtual-card issuer, wire-compatible with the Lithic API. ' +
          'Authenticate with `Authorization: <api key>`. Response bodies of Lithic routes are those of ' +
          "Lithic's OpenAPI spec.",
      )
      .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization' }, 'api-key')
      .addSecurityRequirements('api-key')
      .build(),
  );
  const spec = parse(readFileSync(lithicSpecPath(), 'utf8')) as Json & {
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, Record<string, unknown>>;
  };
  const specPaths = new Map(Object.entries(spec.paths).map(([path, item]) => [shape(path), item]));
  const refs = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const ours = item[method] as Operation | undefined;
      if (!ours) continue;
      const lithic = specPaths.get(shape(path))?.[method];
      if (lithic?.responses) {
        ours.responses = structuredClone(lithic.responses);
        collectRefs(ours.responses, refs);
      } else {
        ours.responses = { ...SANDBOX_ERRORS, ...(ours.responses ?? {}) };
      }
    }
  }
  const components = (document.components ??= {}) as Record<string, Record<string, unknown>>;
  (components.schemas ??= {}).SandboxError = ERROR_SCHEMA;
  // Copy what Lithic's responses refer to, and what that refers to in turn.
  const pending = [...refs];
  while (pending.length > 0) {
    const ref = pending.pop()!;
    const [, , section, name] = ref.split('/');
    if ((components[section] ??= {})[name] !== undefined) continue;
    const target = spec.components[section]?.[name];
    if (target === undefined) continue;
    components[section][name] = target;
    const inner = new Set<string>();
    collectRefs(target, inner);
    pending.push(...inner);
  }
  return document;
}

/** `/v1/cards/{card_token}` and `/v1/cards/{token}` are the same route. */
function shape(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, into);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/')) into.add(inner);
      else collectRefs(inner, into);
    }
}

/** spec/ at the root of the clone or the image, found from this file in src/ or dist/. */
function lithicSpecPath(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'spec', 'lithic-openapi.yml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`spec/lithic-openapi.yml not found above ${from}`);
  }
}
