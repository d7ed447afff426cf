import type { RequiredApproval } from '../quote/lifecycle-types.js';

/**
 * Multi-level approval (多级审批), as the service runs it on top of the pure lifecycle's
 * `approve`. The service's configuration orders the levels (e.g. manager < director < vp); the
 * catalog's approval rules name a level each. Levels are decided in order: only the lowest level
 * that still has pending approvals can be acted on. A level is decided by any one approver of
 * it (或签, `mode: 'any'`) or by every member of its group (会签, `mode: 'all'`). An approver may
 * hand a level over (转交) to another user, who may then decide it in their place.
 */

/** One approval level of the service's configuration. */
export interface ApprovalLevel {
  /** The level id the catalog's approval rules use (`approvalRules[].level`). */
  id: string;
  /** 或签 (`any`: one approver decides) or 会签 (`all`: every member must approve). Default `any`. */
  mode?: 'any' | 'all';
  /**
   * The user ids who decide this level. With `any`, optional: without it every user granted
   * the level may decide. With `all`, required: each of them must approve.
   */
  members?: string[];
}

/** A sign-off or a hand-over recorded for the current digest. */
export interface LevelAct {
  level: string;
  actor: string;
  action: 'approve' | 'handover';
  /** The user a hand-over gave the level to. */
  to?: string;
}

/** Where one level stands for the current prices. */
export interface LevelStatus {
  level: string;
  mode: 'any' | 'all';
  /** `waiting` for a lower level, `current` (can be acted on), `done`, or `none` (nothing to approve). */
  status: 'waiting' | 'current' | 'done' | 'none';
  /** The approvals of the quote at this level still pending. */
  pending: RequiredApproval[];
  /** Who signed off this level (会签: so far). */
  signedBy: string[];
  /** With 会签: who must still sign. */
  awaiting: string[];
  /** Hand-overs of this level: from → to. */
  handovers: { from: string; to: string }[];
}

/** Check the configured levels; the message says what is wrong (for the service's start). */
export function checkLevels(levels: unknown): string | undefined {
  if (!Array.isArray(levels) || levels.length === 0) return 'approvalLevels must be a non-empty array';
  const seen = new Set<string>();
  for (const [i, l] of levels.entries()) {
    const level = l as ApprovalLevel;
    if (typeof level?.id !== 'string' || level.id === '') return `approvalLevels[${i}].id must be a non-empty string`;
    if (seen.has(level.id)) return `approvalLevels[${i}].id "${level.id}" is listed twice`;
    seen.add(level.id);
    if (level.mode !== undefined && level.mode !== 'any' && level.mode !== 'all') return `approvalLevels[${i}].mode must be "any" or "all"`;
    if (level.members !== undefined && !(Array.isArray(level.members) && level.members.every((m) => typeof m === 'string'))) {
      return `approvalLevels[${i}].members must be an array of user ids`;
    }
    if (level.mode === 'all' && !(level.members && level.members.length > 0)) return `approvalLevels[${i}] is 会签 (mode "all"): it needs members`;
  }
  return undefined;
}

/** The levels in order, each with where it stands, for the approvals still pending and the acts recorded. */
export function levelStatus(levels: readonly ApprovalLevel[], pending: readonly RequiredApproval[], acts: readonly LevelAct[]): LevelStatus[] {
  let blocked = false;
  return levels.map((level) => {
    const mode = level.mode ?? 'any';
    const mine = pending.filter((a) => a.level === level.id);
    const here = acts.filter((a) => a.level === level.id);
    const handovers = here.filter((a) => a.action === 'handover').map((a) => ({ from: a.actor, to: a.to ?? '' }));
    const signedBy = [...new Set(here.filter((a) => a.action === 'approve').map((a) => a.actor))];
    const awaiting = mode === 'all' ? (level.members ?? []).filter((m) => !signedFor(m, signedBy, handovers)) : [];
    let status: LevelStatus['status'];
    if (mine.length === 0) status = signedBy.length > 0 ? 'done' : 'none';
    else if (blocked) status = 'waiting';
    else status = 'current';
    if (mine.length > 0) blocked = true;
    return { level: level.id, mode, status, pending: mine, signedBy, awaiting, handovers };
  });
}

/** Whether `member`'s sign-off is given: by them, or by whoever they handed the level to. */
function signedFor(member: string, signedBy: readonly string[], handovers: readonly { from: string; to: string }[]): boolean {
  if (signedBy.includes(member)) return true;
  const seen = new Set<string>([member]);
  let who = member;
  for (;;) {
    const next = handovers.find((h) => h.from === who)?.to;
    if (next === undefined || seen.has(next)) return false;
    if (signedBy.includes(next)) return true;
    seen.add(next);
    who = next;
  }
}

/** Why `user` may not act on `level` now, or undefined when they may. */
export function mayAct(
  level: ApprovalLevel, status: LevelStatus, user: { userId: string; levels: readonly string[] },
): string | undefined {
  if (status.status !== 'current') {
    return status.status === 'waiting' ? `level "${level.id}" waits for a lower level first` : `level "${level.id}" has nothing to approve`;
  }
  const handedTo = status.handovers.some((h) => h.to === user.userId);
  const members = level.members;
  if ((level.mode ?? 'any') === 'all') {
    const standsFor = status.awaiting.some((m) => m === user.userId || delegateOf(m, status.handovers) === user.userId);
    if (!standsFor) return status.signedBy.includes(user.userId) ? `you have already signed level "${level.id}"` : `level "${level.id}" (会签) is signed by ${members!.join(', ')}`;
    return undefined;
  }
  if (handedTo) return undefined;
  // A user who handed the level over has given it away.
  if (status.handovers.some((h) => h.from === user.userId)) return `you handed level "${level.id}" over`;
  if (!user.levels.includes(level.id)) return `level "${level.id}" is not among your approval levels (${user.levels.join(', ') || 'none'})`;
  if (members && members.length > 0 && !members.includes(user.userId)) return `level "${level.id}" is decided by ${members.join(', ')}`;
  return undefined;
}

/** The user a member's sign-off was last handed to. */
function delegateOf(member: string, handovers: readonly { from: string; to: string }[]): string | undefined {
  let who = member;
  const seen = new Set<string>([member]);
  for (;;) {
    const next = handovers.find((h) => h.from === who)?.to;
    if (next === undefined || seen.has(next)) return who === member ? undefined : who;
    seen.add(next);
    who = next;
  }
}

/** Whether the sign-off of `user` completes the level. */
export function completes(level: ApprovalLevel, status: LevelStatus, user: string): boolean {
  if ((level.mode ?? 'any') === 'any') return true;
  return status.awaiting.every((m) => m === user || delegateOf(m, status.handovers) === user);
}
