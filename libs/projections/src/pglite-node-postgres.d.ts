// PGlite ships its node-postgres adapter as a package-exports entry, which this repo's
// moduleResolution ("node") does not read: its types, as far as they are used here.
declare module '@electric-sql/pglite/node-postgres' {
  import type { PGlite } from '@electric-sql/pglite';
  import type { ClientConfig } from 'pg';

  /** A node-postgres client config whose connection speaks the wire protocol to `pglite`; a new connection per call. */
  export function createPgConfig(pglite: PGlite): ClientConfig;
}
