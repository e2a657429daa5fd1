/**
 * @module LevelDB's memory on the box. Its defaults (an 8 MiB block cache and a 4 MiB write
 * buffer, doubled while one is flushed) are sized for servers; the box opens two databases on a
 * Pi and reads mostly what it just wrote, so small ones cost little speed and keep RSS flat.
 */
export const BOX_LEVEL_OPTIONS = {
  cacheSize: 2 * 1024 * 1024,
  writeBufferSize: 2 * 1024 * 1024,
} as const;
