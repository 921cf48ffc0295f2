// A small "Copy" button that says "Copied" for a moment.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API unavailable (plain http on a non-local host): fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function CopyButton({ text, label }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return html`<button
    type="button"
    class="copy-button"
    aria-label=${`Copy ${label}`}
    onClick=${async () => {
      await writeClipboard(text);
      setCopied(true);
    }}
  >
    ${copied ? 'Copied' : 'Copy'}
  </button>`;
}
