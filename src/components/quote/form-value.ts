import type { Quote } from '../../types.js';
import { afterPaint } from '../background.js';

/**
 * `<cpq-quote>`'s form value: the quote's JSON, submitted under its `name`. The JSON of a
 * 10,000-line quote takes 5–15 ms to write; written after every commit it was a main-thread task
 * of its own per edit, though nothing reads it until the form is submitted or read
 * (`new FormData(form)`). A quote below the threshold is written once the change is painted
 * (background work after the next frame, background.ts, not in the input's task: at 1,000 lines
 * that write held every commit's frame back); a big quote (`set(quote, true)`) only lazily: the
 * submission
 * value stays the last JSON written, and whenever the form's entry list is built — a submission
 * or `new FormData(form)`, both of which fire `formdata` — the entry that last JSON made is
 * replaced, in its place, by the current quote's JSON (written once, then kept until the quote
 * changes). `formdata` is taken at the form in the capture phase, so the form's own `formdata`
 * listeners (which run after capture listeners at the target) see the current quote too; only a
 * capture-phase `formdata` listener on an ancestor of the form (the document, the window) runs
 * before it and sees the last JSON written.
 */
export class FormValue {
  /** The quote the value stands for. */
  private quote: Quote | undefined;
  /** The quote whose JSON is the submission value, and that JSON. */
  private written: Quote | undefined;
  private text: string | undefined;
  private target: EventTarget | undefined;
  private form: HTMLFormElement | null = null;
  /** How many times the JSON was written (for tests: a commit of a big quote writes none). @internal */
  writes = 0;
  /** Whether the last quote set is written only when the form is read, and whether a write after the next frame is due. */
  private lazy = false;
  private pending = false;

  constructor(
    private readonly internals: Pick<ElementInternals, 'setFormValue'>,
    /** The element's `name` attribute (the entry's name). */
    private readonly name: () => string | null,
  ) {}

  /**
   * The value is now `quote`'s JSON: written now when none was written yet, else after the next
   * frame or (`lazy`) only when the form is read — and in any case when the form is read first.
   */
  set(quote: Quote, lazy: boolean): void {
    this.quote = quote;
    this.lazy = lazy;
    if (this.text === undefined) {
      this.flush();
      return;
    }
    if (lazy || this.pending) return;
    this.pending = true;
    afterPaint(() => {
      this.pending = false;
      // A quote that grew past the threshold meanwhile is written when the form is read.
      if (!this.lazy) this.flush();
    });
  }

  /** The current quote's JSON, written as the submission value if it was not. */
  flush(): string | undefined {
    if (this.quote !== undefined && this.written !== this.quote) {
      this.written = this.quote;
      this.text = JSON.stringify(this.quote);
      this.writes++;
      this.internals.setFormValue(this.text);
    }
    return this.text;
  }

  /** Follow the element's form owner (`formAssociatedCallback`), or none. */
  attach(form: HTMLFormElement | null): void {
    this.target?.removeEventListener('formdata', this.onFormData, true);
    this.form = form;
    this.target = form ?? undefined;
    this.target?.addEventListener('formdata', this.onFormData, true);
  }

  private readonly onFormData = (e: Event): void => {
    if (e.target !== this.form || this.written === this.quote) return;
    const stale = this.text;
    const fresh = this.flush();
    const name = this.name();
    const data = (e as FormDataEvent).formData;
    if (name && stale !== undefined && fresh !== undefined && data) replaceEntry(data, name, stale, fresh);
  };
}

/**
 * Replace the first entry `name` = `from` of `data` by `name` = `to`, every entry keeping its place
 * (FormData can only delete all entries of a name and append: all of them are put back in order).
 * False when there is no such entry (the element is disabled, or has no name).
 */
export function replaceEntry(data: FormData, name: string, from: string, to: string): boolean {
  const entries = [...data.entries()];
  const at = entries.findIndex(([k, v]) => k === name && v === from);
  if (at < 0) return false;
  entries[at] = [name, to];
  for (const k of new Set(entries.map(([k]) => k))) data.delete(k);
  for (const [k, v] of entries) data.append(k, v);
  return true;
}
