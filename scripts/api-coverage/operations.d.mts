export declare const SPEC_URL: URL;
export declare const METHODS: readonly ['get', 'post', 'put', 'patch', 'delete'];
export type Method = (typeof METHODS)[number];
export type Spec = {
  paths: Record<string, Record<string, unknown>>;
  tags?: { name: string }[];
  [key: string]: unknown;
};
export interface SpecOperation {
  method: Method;
  path: string;
  operationId: string;
  tag: string;
  operation: Record<string, unknown>;
}
export interface CoverageRow {
  tag: string;
  implemented: number;
  of: number;
  missing: SpecOperation[];
}
export declare function loadSpec(): Spec;
export declare function routeShape(path: string): string;
export declare function specOperations(spec: Spec): SpecOperation[];
export declare function servedRoutes(document: {
  paths: Record<string, Record<string, unknown>>;
}): Set<string>;
export declare function fetchServedRoutes(baseUrl: string): Promise<Set<string>>;
export declare function implementedOperations(spec: Spec, served: Set<string>): SpecOperation[];
export declare function coverageRows(spec: Spec, served: Set<string>): CoverageRow[];
export declare function renderCoverage(rows: CoverageRow[], options?: { markdown?: boolean }): string;
