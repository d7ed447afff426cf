/**
 * RFC 3986 URI references, as CloudEvents types them: `source` is a URI-reference (§4.1),
 * `dataschema` a URI (§4.3, absolute: a scheme and no fragment). A hand-written parser rather
 * than one large regular expression, so that a refusal says what is wrong and where.
 * ASCII only: an IRI's non-ASCII characters must be percent-encoded first.
 */

const ALPHA_DIGIT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UNRESERVED = new Set(`${ALPHA_DIGIT}-._~`);
const SUB_DELIMS = new Set("!$&'()*+,;=");
const HEX = /^[0-9A-Fa-f]$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** Characters allowed (unescaped) in a path segment, a query or a fragment, beside `%XX`. */
function isPchar(c: string): boolean {
  return UNRESERVED.has(c) || SUB_DELIMS.has(c) || c === ':' || c === '@';
}

/** The first problem of `text` under `allowed` (with `%XX` escapes), as words, or undefined. */
function scan(text: string, offset: number, part: string, allowed: (c: string) => boolean): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%') {
      if (!HEX.test(text[i + 1] ?? '') || !HEX.test(text[i + 2] ?? '')) {
        return `"%" at position ${offset + i + 1} is not followed by two hex digits (write "%25" for a percent sign)`;
      }
      i += 2;
    } else if (!allowed(c)) {
      const shown = c === ' ' ? 'a space' : /[\x21-\x7e]/.test(c) ? `"${c}"` : `the character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return `${shown} at position ${offset + i + 1} is not allowed in the ${part} (percent-encode it)`;
    }
  }
  return undefined;
}

/** True for an RFC 3986 IPv6address: eight 16-bit groups, `::` once at most, an IPv4 tail allowed. */
function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = all.length;
  // Only the address's last part may be an IPv4 address (filling two groups): "::1.2.3.4", not "1.2.3.4::".
  const last = halves.length === 2 ? tail[tail.length - 1] : head[head.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** RFC 3986 IPv4address: four dec-octets, no leading zeros. */
function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** The problem with an authority (`[userinfo@]host[:port]`), or undefined. */
function authorityProblem(authority: string, offset: number): string | undefined {
  const at = authority.indexOf('@');
  if (at >= 0) {
    const problem = scan(authority.slice(0, at), offset, 'user information', (c) => UNRESERVED.has(c) || SUB_DELIMS.has(c) || c === ':');
    if (problem) return problem;
  }
  const hostPort = authority.slice(at + 1);
  const hostOffset = offset + at + 1;
  let rest: string;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return `the IP literal at position ${hostOffset + 1} has no closing "]"`;
    const literal = hostPort.slice(1, close);
    const future = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(literal);
    if (!future && !isIPv6(literal)) return `"[${literal}]" at position ${hostOffset + 1} is not an IPv6 address (nor an IPvFuture literal)`;
    rest = hostPort.slice(close + 1);
  } else {
    const colon = hostPort.indexOf(':');
    const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    const problem = scan(host, hostOffset, 'host', (c) => UNRESERVED.has(c) || SUB_DELIMS.has(c));
    if (problem) return problem;
    rest = colon < 0 ? '' : hostPort.slice(colon);
  }
  if (rest !== '' && !/^:\d*$/.test(rest)) return `the port "${rest.slice(1)}" after the host is not a number`;
  return undefined;
}

/**
 * Why `value` is not an RFC 3986 URI-reference (a URI, or a relative reference such as
 * `/cpq-kit` or `crm/quotes`), in a short English sentence; undefined when it is one. The empty
 * string is a URI-reference (the spec's); callers that need a non-empty one say so themselves.
 */
export function uriReferenceProblem(value: string): string | undefined {
  // The fragment, then the query, are split off first: "#" and "?" end the parts before them.
  const hash = value.indexOf('#');
  const beforeFragment = hash < 0 ? value : value.slice(0, hash);
  if (hash >= 0) {
    const problem = scan(value.slice(hash + 1), hash + 1, 'fragment', (c) => isPchar(c) || c === '/' || c === '?');
    if (problem) return problem;
  }
  const question = beforeFragment.indexOf('?');
  const hier = question < 0 ? beforeFragment : beforeFragment.slice(0, question);
  if (question >= 0) {
    const problem = scan(beforeFragment.slice(question + 1), question + 1, 'query', (c) => isPchar(c) || c === '/' || c === '?');
    if (problem) return problem;
  }

  // A scheme is the text before the first ":" when no "/" comes before it.
  const colon = hier.indexOf(':');
  const slash = hier.indexOf('/');
  let offset = 0;
  let rest = hier;
  if (colon >= 0 && (slash < 0 || colon < slash)) {
    const scheme = hier.slice(0, colon);
    if (!SCHEME.test(scheme)) {
      return scheme === ''
        ? 'it starts with ":" (a scheme is a letter followed by letters, digits, "+", "-" or ".")'
        : `"${scheme}" before the first ":" is not a scheme (a letter followed by letters, digits, "+", "-" or "."); write "./${scheme}:…" for a relative path`;
    }
    offset = colon + 1;
    rest = hier.slice(colon + 1);
  }
  let path = rest;
  let pathOffset = offset;
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    const problem = authorityProblem(authority, offset + 2);
    if (problem) return problem;
    path = end < 0 ? '' : rest.slice(end);
    pathOffset = offset + (end < 0 ? rest.length : end);
  }
  return scan(path, pathOffset, 'path', (c) => isPchar(c) || c === '/');
}

/** True for an RFC 3986 URI-reference (§4.1). */
export function isUriReference(value: unknown): value is string {
  return typeof value === 'string' && uriReferenceProblem(value) === undefined;
}

/** Why `value` is not an absolute URI (RFC 3986 §4.3: a scheme, no fragment), or undefined. */
export function absoluteUriProblem(value: string): string | undefined {
  const problem = uriReferenceProblem(value);
  if (problem) return problem;
  const colon = value.indexOf(':');
  if (colon < 0 || !SCHEME.test(value.slice(0, colon))) return 'it has no scheme (such as "https:" or "urn:")';
  if (value.includes('#')) return 'an absolute URI has no fragment ("#…")';
  return undefined;
}

/** True for an absolute URI (RFC 3986 §4.3), the CloudEvents `URI` type. */
export function isAbsoluteUri(value: unknown): value is string {
  return typeof value === 'string' && absoluteUriProblem(value) === undefined;
}
