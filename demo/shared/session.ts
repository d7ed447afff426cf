// The demo's stand-in for a host's sign-in. A real host signs its own users in (its identity
// provider, its session cookie) and hands `<cpq-quote>` a `getToken` that returns the signed-in
// user's bearer token for the quote service. The demo has no sign-in: its server
// (scripts/demo-service.mjs) mints a short-lived token for a seeded user at
// GET /api/demo/token?user=<id>, and the "sign in as" switch picks the user.

/** The users the CRM page can sign in as (the ids scripts/demo-service.mjs seeds). */
export const DEMO_USERS = [
  { id: 'wang.tao', label: 'userSeller', approver: false },
  { id: 'li.manager', label: 'userManager', approver: true },
  { id: 'zhao.director', label: 'userDirector', approver: true },
  { id: 'qian.finance', label: 'userFinance', approver: true },
] as const;

export type DemoUserId = (typeof DEMO_USERS)[number]['id'];

/** What the demo's token route answers. */
interface TokenAnswer {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; roles: string[]; levels: string[] };
}

/** A token is fetched again this long before it expires. */
const REFRESH_MS = 60_000;

/** `?as=li.manager` picks the user a page starts as; anything else the seller. */
export function userFromUrl(): DemoUserId {
  const wanted = new URLSearchParams(location.search).get('as');
  return DEMO_USERS.find((u) => u.id === wanted)?.id ?? 'wang.tao';
}

/** The signed-in demo user and their token, fetched on demand and again before it expires. */
export class DemoSession {
  private answer: Promise<TokenAnswer> | undefined;

  constructor(private current: DemoUserId) {}

  /** The signed-in user's id. */
  get user(): DemoUserId {
    return this.current;
  }

  /** Whether the signed-in user approves quotes (an approver's levels are in their token). */
  get approver(): boolean {
    return DEMO_USERS.find((u) => u.id === this.current)?.approver ?? false;
  }

  /** Sign in as another seeded user; resolves with their display name. */
  async signIn(user: DemoUserId): Promise<string> {
    this.current = user;
    this.answer = undefined;
    return (await this.fetchAnswer()).user.name;
  }

  /** The display name of the signed-in user. */
  async name(): Promise<string> {
    return (await this.fetchAnswer()).user.name;
  }

  /** The host's token getter, as `<cpq-quote>` calls it before each request. */
  readonly getToken = async (): Promise<string> => (await this.fetchAnswer()).token;

  private fetchAnswer(): Promise<TokenAnswer> {
    const user = this.current;
    const cached = this.answer;
    if (cached) {
      // A token about to expire is replaced; one still fresh is reused.
      return cached.then((a) => (Date.parse(a.expiresAt) - Date.now() > REFRESH_MS || user !== this.current ? a : this.refetch(user)));
    }
    return this.refetch(user);
  }

  private refetch(user: DemoUserId): Promise<TokenAnswer> {
    const answer = fetch(`/api/demo/token?user=${encodeURIComponent(user)}`, { cache: 'no-store' }).then(async (res) => {
      if (!res.ok) throw new Error(`sign-in as ${user}: HTTP ${res.status}`);
      return (await res.json()) as TokenAnswer;
    });
    this.answer = answer;
    // A failed sign-in is not kept: the next call tries again.
    answer.catch(() => {
      if (this.answer === answer) this.answer = undefined;
    });
    return answer;
  }
}

/** The share link of the quote the demo already sent to a customer (the portal's default). */
export async function seededShareToken(): Promise<string> {
  const res = await fetch('/api/demo/share-link', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/api/demo/share-link: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The seeded quotes the CRM page opens, by catalog switch value. */
export async function seededQuoteIds(): Promise<Record<'crm' | 'compressor', string>> {
  const res = await fetch('/api/demo/quotes', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/api/demo/quotes: HTTP ${res.status}`);
  return (await res.json()) as Record<'crm' | 'compressor', string>;
}
