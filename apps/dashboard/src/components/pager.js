// Previous and next page buttons over a usePages() stack of cursors.
import { html } from 'htm/preact';

export function Pager({ pages, hasMore, lastToken, label }) {
  if (pages.page === 1 && !hasMore) return null;
  return html`<nav class="pager" aria-label=${`${label} pages`}>
    <button type="button" class="button" disabled=${pages.page === 1} onClick=${pages.previous}>
      Previous page
    </button>
    <span>Page ${pages.page}</span>
    <button type="button" class="button" disabled=${!hasMore} onClick=${() => pages.next(lastToken)}>
      Next page
    </button>
  </nav>`;
}
