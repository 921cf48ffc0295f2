import { randomBytes } from 'node:crypto';

/** What the embedded card page shows: the card in clear, for the cardholder's eyes only. */
export interface EmbedCard {
  pan: string;
  expMonth: string;
  expYear: string;
  cvv: string;
  css?: string;
  targetOrigin?: string;
}

export interface EmbedPage {
  html: string;
  /** Only the target origin may frame the page; its one script runs by nonce. */
  contentSecurityPolicy: string;
}

/**
 * Lithic's embedded card document: the `card`, `pan`, `expiry`, `cvv` and `alert` ids and the
 * `pan-separator` class its docs promise, styled by the caller's css. A click copies the field and,
 * with a target origin, tells the parent page which element was clicked (postMessage).
 */
export function toEmbedPage(card: EmbedCard): EmbedPage {
  const nonce = randomBytes(16).toString('base64');
  const groups = card.pan.match(/.{1,4}/g) ?? [];
  const pan = groups.map(escape).join("<span class='pan-separator'></span>");
  const stylesheet = card.css ? `<link rel="stylesheet" type="text/css" href="${escape(card.css)}">` : '';
  const html = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>Card</title>
${stylesheet}
<style nonce="${nonce}">#alert.empty { display: none; }</style>
</head>
<body>
<div id="card">
<div id="pan" data-copy="pan">${pan}</div>
<div id="expiry">
<span id="month" data-copy="month">${escape(card.expMonth)}</span>
<span id="separator">/</span>
<span id="year" data-copy="year">${escape(card.expYear.slice(-2))}</span>
</div>
<div id="cvv" data-copy="cvv">${escape(card.cvv)}</div>
<div id="alert" class="empty"></div>
</div>
<script nonce="${nonce}">
(function () {
  var targetOrigin = ${card.targetOrigin ? JSON.stringify(card.targetOrigin).replace(/</g, '\\u003c') : 'null'};
  var alertDiv = document.getElementById('alert');
  function say(text, kind) {
    alertDiv.innerText = text;
    alertDiv.className = kind;
    setTimeout(function () { alertDiv.className = 'empty'; alertDiv.innerText = ''; }, 1200);
  }
  document.querySelectorAll('[data-copy]').forEach(function (el) {
    el.addEventListener('click', function () {
      var id = el.getAttribute('data-copy');
      if (targetOrigin) window.parent.postMessage({ element: id }, targetOrigin);
      if (!navigator.clipboard) return say('error copying ' + id, 'error');
      navigator.clipboard.writeText(el.textContent).then(
        function () { say(id + ' copied to clipboard', 'success'); },
        function () { say('error copying ' + id, 'error'); }
      );
    });
  });
})();
</script>
</body>
</html>
`;
  // The caller's stylesheet may bring its fonts and images from its own origin.
  const cssOrigin = card.css ? ` ${new URL(card.css).origin}` : '';
  const policy = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'${cssOrigin}`,
    `font-src${cssOrigin || " 'none'"}`,
    `img-src data:${cssOrigin}`,
    `script-src 'nonce-${nonce}'`,
    `frame-ancestors ${card.targetOrigin ?? '*'}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy: policy };
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
