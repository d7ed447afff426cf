// Multi-level approval (多级审批) on the service: levels in order, 或签 (any one approver) and 会签
// (every member), send back (退回) with a reason, hand over (转交), all recorded; and the pure
// level logic as a table.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { levelStatus, mayAct, type ApprovalLevel } from '../src/server/approval-levels.js';
import { expectStatus, LEVELS_COUNTERSIGN, userToken, walk, type TestService, useDemoService, type Tokens } from './support/service.js';

describe('approval levels (pure)', () => {
  const levels: ApprovalLevel[] = [{ id: 'manager' }, { id: 'director', mode: 'all', members: ['d1', 'd2'] }, { id: 'finance', members: ['f1'] }];
  const pending = [
    { ruleId: 'disc-15', level: 'manager', message: '' },
    { ruleId: 'disc-30', level: 'director', message: '' },
    { ruleId: 'margin', level: 'finance', message: '' },
  ];
  const cases: [string, Parameters<typeof levelStatus>[2], string[]][] = [
    ['nothing signed: the lowest level is current', [], ['manager:current', 'director:waiting', 'finance:waiting']],
    ['one director signed (会签): still current, d2 awaited', [{ level: 'director', actor: 'd1', action: 'approve' }], ['manager:current', 'director:waiting', 'finance:waiting']],
  ];
  for (const [name, acts, expected] of cases) {
    it(name, () => assert.deepEqual(levelStatus(levels, pending, acts).map((s) => `${s.level}:${s.status}`), expected));
  }
  it('who may act', () => {
    const at = (done: number, acts: Parameters<typeof levelStatus>[2] = []) => levelStatus(levels, pending.slice(done), acts);
    const table: [string, number, Parameters<typeof levelStatus>[2], number, { userId: string; levels: string[] }, boolean][] = [
      ['a manager on the manager level', 0, [], 0, { userId: 'm1', levels: ['manager'] }, true],
      ['a director before the manager', 0, [], 1, { userId: 'd1', levels: ['director'] }, false],
      ['a member of the 会签 group', 1, [], 1, { userId: 'd1', levels: ['director'] }, true],
      ['a director outside the 会签 group', 1, [], 1, { userId: 'd9', levels: ['director'] }, false],
      ['a member who signed already', 1, [{ level: 'director', actor: 'd1', action: 'approve' }], 1, { userId: 'd1', levels: ['director'] }, false],
      ['the delegate of a 会签 member', 1, [{ level: 'director', actor: 'd2', action: 'handover', to: 'x7' }], 1, { userId: 'x7', levels: [] }, true],
      ['finance outside its named approvers', 2, [], 2, { userId: 'f2', levels: ['finance'] }, false],
      ['finance by name', 2, [], 2, { userId: 'f1', levels: ['finance'] }, true],
      ['someone a manager handed over to (或签)', 0, [{ level: 'manager', actor: 'm1', action: 'handover', to: 'm9' }], 0, { userId: 'm9', levels: [] }, true],
      ['the manager who handed over', 0, [{ level: 'manager', actor: 'm1', action: 'handover', to: 'm9' }], 0, { userId: 'm1', levels: ['manager'] }, false],
    ];
    for (const [name, done, acts, levelIndex, user, may] of table) {
      const statuses = at(done, acts);
      const status = statuses.find((s) => s.level === levels[levelIndex]!.id)!;
      assert.equal(mayAct(levels[levelIndex]!, status, user) === undefined, may, name);
    }
  });
});

describe('multi-level approval through the service (会签 director level)', () => {
  let s: TestService;
  let t: Tokens;
  useDemoService('sqlite', { approvalLevels: LEVELS_COUNTERSIGN }, (d) => ({ s, t } = d));

  it('manager (或签), then both directors (会签), then finance: approved, every sign-off recorded', async () => {
    const w = await walk(s, t, 'approval-pending', '35');
    let q = w.quote;
    const needs = q.approval.levels.filter((l: any) => l.pending.length > 0).map((l: any) => l.level);
    assert.deepEqual(needs.slice(0, 2), ['manager', 'director']);
    q = expectStatus(await s.call('POST', `${w.path}/approve`, t.manager, { digest: q.digest, reason: 'strategic account' }), 200);
    const director = q.approval.levels.find((l: any) => l.level === 'director');
    assert.equal(director.status, 'current');
    assert.deepEqual(director.awaiting, ['d1', 'd2']);
    // A director outside the group is refused; d1 signs; the level is still current, awaiting d2.
    assert.equal((await s.call('POST', `${w.path}/approve`, t.director, { digest: q.digest })).status, 403);
    q = expectStatus(await s.call('POST', `${w.path}/approve`, t.d1, { digest: q.digest }), 200);
    assert.equal(q.state, 'approval-pending');
    assert.deepEqual(q.approval.levels.find((l: any) => l.level === 'director').awaiting, ['d2']);
    assert.equal((await s.call('POST', `${w.path}/approve`, t.d1, { digest: q.digest })).status, 403, 'd1 twice');
    q = expectStatus(await s.call('POST', `${w.path}/approve`, t.d2, { digest: q.digest }), 200);
    if (q.state === 'approval-pending') q = expectStatus(await s.call('POST', `${w.path}/approve`, t.finance, { digest: q.digest }), 200);
    assert.equal(q.state, 'approved');
    const moves = expectStatus(await s.call('GET', `/quotes/${q.quoteId}/moves`, t.seller), 200).data;
    const approvals = moves.filter((m: any) => m.action === 'approve').map((m: any) => `${m.actor}:${m.detail.level}:${m.detail.complete}`);
    assert.deepEqual(approvals.slice(0, 3), ['m1:manager:true', 'd1:director:false', 'd2:director:true']);
    assert.equal(moves.find((m: any) => m.actor === 'm1').detail.reason, 'strategic account');
  });

  it('send back (退回) needs a reason, records it, and the seller submits again from rejected', async () => {
    const w = await walk(s, t, 'approval-pending', '20');
    const noReason = await s.call('POST', `${w.path}/reject`, t.manager, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.param, 'body.reason');
    const back = expectStatus(await s.call('POST', `${w.path}/reject`, t.manager, { reason: '折扣过大，请重新评估' }), 200);
    assert.equal(back.state, 'rejected');
    const history = back.quote.lifecycle.history;
    assert.equal(history[history.length - 1].reason, '折扣过大，请重新评估');
    const again = expectStatus(await s.call('POST', `${w.path}/submit`, t.seller, {}), 200);
    assert.equal(again.state, 'approval-pending');
    // The earlier round's acts do not count for the new round.
    assert.equal(again.approval.levels[0].status, 'current');
  });

  it('hand over (转交): the manager hands the level to m2, who may then approve; the manager no longer can', async () => {
    const w = await walk(s, t, 'approval-pending', '20');
    const m2 = await userToken('m2', ['approver'], { levels: [] });
    assert.equal((await s.call('POST', `${w.path}/approve`, m2, { digest: w.quote.digest })).status, 403, 'm2 before the hand-over');
    assert.equal((await s.call('POST', `${w.path}/handover`, t.manager, { to: 's1' })).status, 422, 'not to the quote\'s own seller');
    const handed = expectStatus(await s.call('POST', `${w.path}/handover`, t.manager, { to: 'm2', reason: '出差' }), 200);
    assert.deepEqual(handed.approval.levels[0].handovers, [{ from: 'm1', to: 'm2' }]);
    assert.equal((await s.call('POST', `${w.path}/approve`, t.manager, { digest: w.quote.digest })).status, 403, 'the manager gave it away');
    const q = expectStatus(await s.call('POST', `${w.path}/approve`, m2, { digest: w.quote.digest }), 200);
    assert.equal(q.approval.levels[0].status, 'done');
    const moves = expectStatus(await s.call('GET', `/quotes/${q.quoteId}/moves`, t.seller), 200).data;
    assert.ok(moves.some((m: any) => m.action === 'handover' && m.actor === 'm1' && m.detail.to === 'm2' && m.detail.reason === '出差'));
  });

  it('an edit during approval starts a new round: sign-offs of the old prices do not count', async () => {
    const w = await walk(s, t, 'approval-pending', '35');
    expectStatus(await s.call('POST', `${w.path}/approve`, t.manager, { digest: w.quote.digest }), 200);
    const full = expectStatus(await s.call('GET', `/quotes/${w.quote.quoteId}`, t.seller), 200);
    const input = { lines: full.quote.lines, customer: full.quote.customer, discount: { percent: '34' } };
    const edited = expectStatus(await s.call('PUT', w.path, t.seller, input), 200);
    assert.equal(edited.state, 'approval-pending');
    assert.equal(edited.approval.levels[0].status, 'current');
    assert.deepEqual(edited.approval.levels[0].signedBy, []);
  });
});
