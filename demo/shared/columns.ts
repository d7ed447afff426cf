// The line editor's columns, remembered by the host page: the editor says which columns the user
// chose (`cpq-columns-change`) and the page gives them back as `columns` on the next visit. A real
// host would keep them with the user's settings; the demo keeps them in localStorage, per page.
import type { CpqLineEditor } from '../../src/index.js';

export function rememberColumns(editor: CpqLineEditor, page: string): void {
  const key = `cpq-demo.columns.${page}`;
  try {
    const saved = localStorage.getItem(key);
    if (saved !== null) editor.setAttribute('columns', saved);
  } catch {
    // Storage may be off (a private window): the mode's defaults then.
  }
  editor.addEventListener('cpq-columns-change', (e) => {
    try {
      if (e.detail.columns) localStorage.setItem(key, e.detail.columns.join(' '));
      else localStorage.removeItem(key);
    } catch {
      // Not remembered; the choice still holds on this page.
    }
  });
}
