// class-transformer ships no types beside its CommonJS storage module; compiled-body.ts reads it.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: unknown;
}
