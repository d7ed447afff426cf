import { expect } from '@open-wc/testing';
import { afterPaint, background } from '../../src/components/background.js';

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** After the next frame and every background task queued before this one. */
const settled = () => new Promise<void>((resolve) => requestAnimationFrame(() => background(resolve)));

describe('background work (src/components/background.ts)', () => {
  it('afterPaint runs after the next frame, not in the task that asked, nor in the frame itself', async () => {
    const order: string[] = [];
    afterPaint(() => order.push('background'));
    requestAnimationFrame(() => order.push('frame'));
    order.push('sync');
    await settled();
    expect(order).to.deep.equal(['sync', 'frame', 'background']);
  });

  it('a cancelled task never runs, before or after its frame', async () => {
    let ran = 0;
    afterPaint(() => ran++)();
    const cancelLater = afterPaint(() => ran++);
    await frame();
    cancelLater();
    background(() => ran++)();
    await settled();
    await settled();
    expect(ran).to.equal(0);
  });

  it('yields to the page\'s own tasks where the browser has scheduler.postTask: a timer set after it runs first', async function () {
    if (typeof (globalThis as { scheduler?: { postTask?: unknown } }).scheduler?.postTask !== 'function') this.skip();
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      background(() => {
        order.push('background');
        resolve();
      });
      setTimeout(() => order.push('timer'), 0);
    });
    expect(order).to.deep.equal(['timer', 'background']);
  });
});
