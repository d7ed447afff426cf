/**
 * The words the page layout adds around the table (issue 13): a continued group's heading, the
 * end-of-text mark and the carried-forward totals, in the two languages the kit writes.
 */
export interface LayoutLabels {
  /** A group heading repeated on the next page; `{group}` is the group's name. */
  continued: string;
  /** After the last text of the quote, before the signatures: nothing may be added below. */
  endMark: string;
  /** At the foot of a page the table leaves: the running total so far (过次页). */
  carriedForward: string;
  /** At the head of the next page: the same total (承前页). */
  broughtForward: string;
}

const ZH: LayoutLabels = {
  continued: '{group}（续）',
  endMark: '（以下无正文）',
  carriedForward: '过次页',
  broughtForward: '承前页',
};

const EN: LayoutLabels = {
  continued: '{group} (continued)',
  endMark: '— End of quotation —',
  carriedForward: 'Carried forward',
  broughtForward: 'Brought forward',
};

/** The layout's words for a document in Chinese or not. */
export function layoutLabels(chinese: boolean): LayoutLabels {
  return chinese ? ZH : EN;
}
