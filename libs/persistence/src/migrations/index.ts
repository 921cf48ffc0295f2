// Migrations are passed as classes (globs are fragile under ESM and jest). Never edit one that landed.
import { InitialSchema1795283801988 } from './1795283801988-initial-schema.js';

export const migrations = [InitialSchema1795283801988];
