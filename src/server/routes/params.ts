/** Path and query parameters shared by the routes (no type coercion: they are strings, checked by pattern). */
export const ID_PARAM = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' } as const;
export const VERSION_PARAM = { type: 'string', pattern: '^[1-9][0-9]{0,5}$' } as const;
export const LIMIT_QUERY = { type: 'string', pattern: '^(100|[1-9][0-9]?)$', description: 'Page size, 1 to 100 (default 20).' } as const;

/** The params of a route under `/quotes/:quoteId/versions/:version`. */
export const VERSION_PARAMS = {
  type: 'object',
  properties: { quoteId: ID_PARAM, version: VERSION_PARAM },
  required: ['quoteId', 'version'],
  additionalProperties: false,
} as const;

/** Read them. */
export function versionParams(params: unknown): { quoteId: string; version: number } {
  const p = params as { quoteId: string; version: string };
  return { quoteId: p.quoteId, version: Number(p.version) };
}
