import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { documentStatus, isCleared, statusMark, type DocumentStatus } from '../../pdf/document-status.js';
import type { QuotePdfOptions } from '../../pdf/options.js';
import type { CpqState } from '../context.js';
import { text } from '../i18n.js';
import { download, makeQuotePdf, type PdfPhase } from './pdf-download.js';
import { strings } from './quote-actions.strings.js';

/** What the PDF row needs of `<cpq-quote-actions>`: the shared state, the host's PDF options and font. */
export interface PdfInputs {
  cpq: CpqState;
  pdfOptions: QuotePdfOptions;
  fontUrl: string | undefined;
}

/**
 * The quote PDF download of `<cpq-quote-actions>`: which status mark the document carries (the
 * hint beside the button), the download with its progress, and its outcome. The button stays
 * enabled (aria-disabled while the PDF is made), so the focus stays on it.
 */
export class PdfRow implements ReactiveController {
  private pdf: { phase: PdfPhase | 'done' | 'failed'; message?: string } | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly inputs: () => PdfInputs) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The status the PDF carries: the host's `pdfOptions.status`, else the quote's state, approvals and errors. */
  status(): DocumentStatus {
    const { cpq: s, pdfOptions } = this.inputs();
    if (pdfOptions.status) return pdfOptions.status;
    const state = s.lifecycle.state;
    const needsApproval = (s.priced?.approvals.length ?? 0) > 0 || (s.priced as { reviewRequired?: boolean } | undefined)?.reviewRequired === true;
    return documentStatus({ state, approvalPending: needsApproval && !isCleared(state), hasErrors: s.priced?.orderable !== true });
  }

  private set(pdf: PdfRow['pdf']): void {
    this.pdf = pdf;
    this.host.requestUpdate();
  }

  private async download(): Promise<void> {
    const { cpq: s, pdfOptions, fontUrl } = this.inputs();
    if (!s.priced || this.pdf && this.pdf.phase !== 'done' && this.pdf.phase !== 'failed') return;
    try {
      // The status is passed, so the document carries the mark the hint names; the attachment
      // is the customer's copy unless the host's pdfOptions name the internal one.
      const options = { ...pdfOptions, status: this.status(), locale: s.locale, catalog: s.catalog };
      const bytes = await makeQuotePdf(s.priced, options, fontUrl, (phase) => this.set({ phase }));
      download(bytes, `${s.quote.id}-v${s.quote.version ?? 1}.pdf`);
      this.set({ phase: 'done', message: `${Math.max(1, Math.round(bytes.length / 1024))} KB` });
    } catch (e) {
      this.set({ phase: 'failed', message: (e as Error).message });
    }
  }

  render(): TemplateResult {
    const s = this.inputs().cpq;
    const t = (k: keyof (typeof strings)['en'], p?: Record<string, string | number>) => text(strings, s.locale, k, p);
    const pdf = this.pdf;
    const busy = pdf !== undefined && pdf.phase !== 'done' && pdf.phase !== 'failed';
    const status = this.status();
    const mark = statusMark(status, s.locale);
    // A customer is not told about status marks when there is none: that is the seller's concern.
    const hint = mark ? t(s.priced!.orderable ? 'pdfMark' : 'pdfMarkErrors', { mark: mark.mark }) : s.mode === 'sales' ? t('pdfClean') : '';
    return html`<div class="row" part="pdf">
      <button part="button" aria-disabled=${busy ? 'true' : nothing} aria-describedby=${hint ? 'pdf-mark' : nothing} @click=${() => void this.download()}>${t('pdf')}</button>
      ${hint ? html`<span part="pdf-mark" id="pdf-mark" class="muted" data-status=${status}>${hint}</span>` : nothing}
      ${busy ? html`<progress aria-label=${t('pdf')} max="3" value=${pdf!.phase === 'module' ? 1 : pdf!.phase === 'font' ? 2 : 3}></progress>` : nothing}
      <span role="status">${!pdf ? '' : pdf.phase === 'module' ? t('pdfModule') : pdf.phase === 'font' ? t('pdfFont') : pdf.phase === 'render' ? t('pdfRender', { lines: s.priced!.lines.length })
        : pdf.phase === 'done' ? t('pdfDone', { size: pdf.message ?? '' }) : html`<span class="failed">${t('pdfFailed', { message: pdf.message ?? '' })}</span>`}</span>
    </div>`;
  }
}
