// Part of the build: dist/apps/sandbox/src/app.js (the sandbox's modules and their dependencies)
// bundled into one file beside it, app.bundle.js, which main.js loads. Resolving, reading and
// compiling a thousand modules was most of a start; one file is a fraction of that.
//
// Left out: PGlite (it finds its WASM files beside its own modules), the embedded-database starter
// (main.js starts it before it loads the bundle, and the bundle must find that same module), and
// optional packages that are not installed (Nest and TypeORM look for them at run time).
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const keepOut = {
  name: 'keep-out',
  setup(bundler) {
    bundler.onResolve({ filter: /embedded-start\.js$/ }, () => ({
      path: '#persistence/embedded',
      external: true,
    }));
    bundler.onResolve({ filter: /^[^./#]/ }, (args) => {
      if (args.path.startsWith('node:')) return undefined;
      try {
        createRequire(args.importer || `${root}/package.json`).resolve(args.path);
        return undefined;
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

/**
 * @nestjs/mapped-types (PartialType and friends, in our DTOs) requires class-validator and
 * class-transformer through its own createRequire, which esbuild cannot follow: at start it loaded a
 * second copy of both from node_modules, with validator and libphonenumber-js, 350 files. With
 * those two lines gone, its require() calls are plain ones, which esbuild points at the bundled copy.
 */
const bundledRequires = {
  name: 'bundled-requires',
  setup(bundler) {
    bundler.onLoad(
      { filter: /@nestjs[/\\]mapped-types[/\\]dist[/\\]type-helpers\.utils\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const own =
          /^import \{ createRequire \} from 'node:module';\nconst require = createRequire\(import\.meta\.url\);\n/m;
        if (!own.test(source))
          throw new Error(`${args.path} no longer makes its own require: see bundledRequires`);
        return { contents: source.replace(own, ''), loader: 'js' };
      },
    );
  },
};

const outfile = `${root}/dist/apps/sandbox/src/app.bundle.js`;

await build({
  entryPoints: [`${root}/dist/apps/sandbox/src/app.js`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['default'],
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'swagger-ui-dist'],
  // Bundled CommonJS packages call require() for Node's built-ins and the optional packages above.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  keepNames: true,
  // V8 keeps the whole source of a loaded script in the heap: minified (with the names Nest and
  // TypeORM read kept, above), the bundle is 4 MB instead of 8.6, and an idle sandbox smaller.
  minify: true,
  logLevel: 'error',
  plugins: [keepOut, bundledRequires],
});

// V8 keeps a script's source in memory for as long as its functions live, and a source with one
// character beyond Latin-1 is kept at two bytes a character: esbuild leaves non-ASCII characters in
// regular expressions and comments (validator's alphabets, a few authors' names), which doubled the
// bundle's 8 MB in an idle sandbox's heap. Escaped, it is one byte a character; \uXXXX means the
// same code unit in a string, a regular expression (with or without the u flag) or a comment.
const source = await readFile(outfile, 'utf8');
await writeFile(
  outfile,
  source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
