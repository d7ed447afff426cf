/** The catalog and quote JSON Schemas (scripts/schemas.mjs) as JSON texts, by file name. */
export function makeSchemas(): Record<string, string>;
