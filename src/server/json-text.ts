/**
 * An answer already written as JSON text. The largest answers (a quote with its prices) are made
 * of documents the store has just written as JSON; sending that text saves writing them again.
 * `toJSON` keeps it correct wherever it is serialized as a value instead.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

/** `{...value, [key]: <text>, ...}`: an object's JSON with members whose JSON text is known appended. */
export function withJsonMembers(value: Record<string, unknown>, members: Record<string, string>): JsonText {
  let text = JSON.stringify(value);
  const extra = Object.entries(members).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',');
  if (extra) text = text === '{}' ? `{${extra}}` : `${text.slice(0, -1)},${extra}}`;
  return new JsonText(text);
}

/** The JSON text of an answer body. */
export function jsonText(body: unknown): string {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}
