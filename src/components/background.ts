/**
 * The elements' background work — the configurator's what-if prices, `<cpq-quote>`'s form value —
 * is run after the frame that shows a change, and after every task of higher priority: with
 * `scheduler.postTask` at `'background'` priority where the browser has it (Chromium), else in a
 * task (`setTimeout`). A what-if slice queued as a plain task ran before whatever the page had
 * queued after the frame (Chromium trace of an option click on a 200-option product: an 8–10 ms
 * slice between the painted frame and the host's next task).
 */

interface PostTask {
  postTask(callback: () => void, options: { priority: 'background'; signal: AbortSignal }): Promise<unknown>;
}

/** Run `fn` as background work; the function returned cancels it if it has not run yet. */
export function background(fn: () => void): () => void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTask> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    const control = new AbortController();
    // An aborted task's promise rejects: expected, nothing to report.
    scheduler.postTask(fn, { priority: 'background', signal: control.signal }).catch(() => {});
    return () => control.abort();
  }
  const timer = setTimeout(fn, 0);
  return () => clearTimeout(timer);
}

/**
 * Run `fn` as background work once the next frame is painted (a hidden document paints no frames:
 * at once, as background work); the function returned cancels it if it has not run yet.
 */
export function afterPaint(fn: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.visibilityState !== 'visible') return background(fn);
  let cancel: (() => void) | undefined;
  const frame = requestAnimationFrame(() => (cancel = background(fn)));
  return () => {
    cancelAnimationFrame(frame);
    cancel?.();
  };
}
