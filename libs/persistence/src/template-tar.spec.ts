import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { eachTarEntry, extractTar } from './template-tar.js';

/** One ustar header block (the fields this reader uses), then the data padded to 512 bytes. */
function entry(name: string, data: string | null, { mode = 0o600, prefix = '', type = '' } = {}): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'latin1');
  header.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 8, 'latin1');
  const size = data === null ? 0 : Buffer.byteLength(data);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'latin1');
  header.write(type || (data === null ? '5' : '0'), 156, 1, 'latin1');
  header.write('ustar\0', 257, 6, 'latin1');
  header.write(prefix, 345, 155, 'latin1');
  const body = Buffer.alloc(Math.ceil(size / 512) * 512);
  if (data !== null) body.write(data, 0, 'latin1');
  return Buffer.concat([header, body]);
}

const END = Buffer.alloc(1024);

describe('the schema template reader', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function tarFile(...parts: Buffer[]): string {
    dir = mkdtempSync(join(tmpdir(), 'template-tar-'));
    const path = join(dir, 'template.tar');
    writeFileSync(path, Buffer.concat(parts));
    return path;
  }

  it('reads directories and files in order, with their modes, as PGlite dumps them (leading slash)', () => {
    const path = tarFile(
      entry('/global', null, { mode: 0o750 }),
      entry('/global/1213', 'x'.repeat(700)),
      entry('/PG_VERSION', '18\n'),
      END,
    );
    const seen: unknown[] = [];
    eachTarEntry(path, (e, data) => seen.push({ ...e, text: Buffer.from(data).toString('latin1') }));
    expect(seen).toEqual([
      { name: 'global', directory: true, mode: 0o750, text: '' },
      { name: 'global/1213', directory: false, mode: 0o600, text: 'x'.repeat(700) },
      { name: 'PG_VERSION', directory: false, mode: 0o600, text: '18\n' },
    ]);
  });

  it('joins the ustar prefix of a long name', () => {
    const path = tarFile(entry('file', 'a', { prefix: 'base/5' }), END);
    const names: string[] = [];
    eachTarEntry(path, (e) => names.push(e.name));
    expect(names).toEqual(['base/5/file']);
  });

  it('hands each file as a plain Uint8Array whose slice() is a copy, not a view of the reused buffer', () => {
    // Emscripten's file system keeps `data.slice()`: on a Buffer that is a view, and every file
    // read from the template then held the bytes of the last one.
    const path = tarFile(entry('a', 'first'), entry('b', 'other'), END);
    const kept: Uint8Array[] = [];
    eachTarEntry(path, (_e, data) => {
      expect(Buffer.isBuffer(data)).toBe(false);
      kept.push(data.slice());
    });
    expect(kept.map((bytes) => Buffer.from(bytes).toString())).toEqual(['first', 'other']);
  });

  it('unpacks into a directory, making parents a file names before their own entry', () => {
    const path = tarFile(entry('/pg_wal/000000010000000000000009', 'wal'), entry('/base', null), END);
    const into = join(dir, 'pgdata');
    extractTar(path, into);
    expect(readFileSync(join(into, 'pg_wal/000000010000000000000009'), 'utf8')).toBe('wal');
    expect(statSync(join(into, 'pg_wal/000000010000000000000009')).mode & 0o777).toBe(0o600);
    expect(statSync(join(into, 'base')).isDirectory()).toBe(true);
  });

  it('refuses a file cut short, an entry that leaves its directory, and entry types it does not know', () => {
    expect(() => eachTarEntry(tarFile(entry('a', 'x'.repeat(2000)).subarray(0, 1024)), () => {})).toThrow(
      /cut short in a/,
    );
    rmSync(dir, { recursive: true });
    expect(() => eachTarEntry(tarFile(entry('../escape', 'x'), END), () => {})).toThrow(
      /leaves its directory/,
    );
    rmSync(dir, { recursive: true });
    expect(() => eachTarEntry(tarFile(entry('link', null, { type: '2' }), END), () => {})).toThrow(
      /unsupported tar entry type "2" for link/,
    );
    rmSync(dir, { recursive: true });
    expect(() => eachTarEntry(tarFile(entry('a', 'x').subarray(0, 300)), () => {})).toThrow(/cut short/);
  });
});
