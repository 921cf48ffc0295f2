import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Reading the schema template (an uncompressed ustar file, as PGlite's dumpDataDir writes it) one
// entry at a time, so that a start copies it into the data directory without ever holding the
// whole 17 MB in memory: handed to PGlite as a Blob, the template was copied three times over
// (Blob, ArrayBuffer, unpacked files), and the allocator kept the freed copies resident.

export interface TarEntry {
  /** The entry's path inside the archive, without a leading slash. */
  name: string;
  directory: boolean;
  mode: number;
}

const BLOCK = 512;

/** The NUL-terminated ASCII field at [start, start + length) of a header. */
function field(header: Buffer, start: number, length: number): string {
  const end = header.indexOf(0, start);
  return header.toString('latin1', start, end === -1 || end > start + length ? start + length : end);
}

function octal(header: Buffer, start: number, length: number, path: string): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new Error(`${path}: a tar header has a malformed number "${text}"`);
  return text === '' ? 0 : parseInt(text, 8);
}

/**
 * Calls `onEntry` for each file and directory of the ustar file at `path`, in order. A file's bytes
 * are a view into a buffer that the next entry reuses: copy them to keep them.
 */
export function eachTarEntry(path: string, onEntry: (entry: TarEntry, data: Uint8Array) => void): void {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(BLOCK);
    let data = Buffer.alloc(1 << 20);
    let offset = 0;
    for (;;) {
      if (readSync(fd, header, 0, BLOCK, offset) !== BLOCK)
        throw new Error(`${path}: the tar file is cut short`);
      offset += BLOCK;
      // Two zero blocks end the archive; one is enough to know.
      if (header.every((byte) => byte === 0)) return;
      const prefix = field(header, 345, 155);
      const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
      const size = octal(header, 124, 12, path);
      const type = String.fromCharCode(header[156] || 0x30);
      if (type !== '0' && type !== '5')
        throw new Error(`${path}: unsupported tar entry type "${type}" for ${name}`);
      if (data.length < size) data = Buffer.alloc(size);
      if (size > 0 && readSync(fd, data, 0, size, offset) !== size) {
        throw new Error(`${path}: the tar file is cut short in ${name}`);
      }
      offset += Math.ceil(size / BLOCK) * BLOCK;
      const relative = name.replace(/^\/+/, '').replace(/\/+$/, '');
      if (relative.split('/').includes('..'))
        throw new Error(`${path}: the entry ${name} leaves its directory`);
      // A plain Uint8Array, not a Buffer: Emscripten's file system copies what it is given with
      // slice(), which on a Buffer is a view of the same memory.
      const bytes = new Uint8Array(data.buffer, data.byteOffset, size);
      onEntry({ name: relative, directory: type === '5', mode: octal(header, 100, 8, path) }, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

/** Unpacks the ustar file at `path` into the directory `into` (created if missing). */
export function extractTar(path: string, into: string): void {
  mkdirSync(into, { recursive: true, mode: 0o700 });
  const made = new Set([into]);
  const makeDir = (dir: string, mode = 0o700) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode });
    made.add(dir);
  };
  eachTarEntry(path, (entry, data) => {
    if (entry.name === '') return;
    const target = join(into, entry.name);
    if (entry.directory) return makeDir(target, entry.mode || 0o700);
    makeDir(dirname(target));
    writeFileSync(target, data, { mode: entry.mode || 0o600 });
  });
}
