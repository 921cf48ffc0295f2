// Modal dialogs: the plain one, and the "are you sure?" one that runs its action itself.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { useAction } from '../lib/hooks.js';
import { ErrorMessage } from './feedback.js';

/**
 * A modal dialog on the native <dialog>: focus trap, Escape to close and a backdrop for free. Its
 * children mount only while it is open, so a form inside starts afresh at each opening.
 */
export function Dialog({ open, title, onClose, children, wide = false }) {
  const ref = useRef(null);
  const id = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const dialog = ref.current;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return html`<dialog
    ref=${ref}
    class=${`dialog ${wide ? 'dialog-wide' : ''}`}
    aria-labelledby=${id}
    onCancel=${(event) => {
      event.preventDefault();
      onClose();
    }}
  >
    ${
      open &&
      html`<div class="dialog-head">
          <h2 id=${id}>${title}</h2>
          <button type="button" class="icon-button" aria-label="Close dialog" onClick=${onClose}>×</button>
        </div>
        ${children}`
    }
  </dialog>`;
}

/**
 * Asks before something that cannot be undone. `onConfirm` runs on the danger button, which reads
 * `busyLabel` meanwhile; a failure shows in the dialog, which stays open.
 */
export function ConfirmDialog({ open, title, onClose, ...confirm }) {
  return html`<${Dialog} open=${open} title=${title} onClose=${onClose}>
    <${Confirm} onClose=${onClose} ...${confirm} />
  <//>`;
}

function Confirm({ children, onClose, onConfirm, keepLabel, confirmLabel, busyLabel }) {
  const action = useAction(onConfirm);
  return html`${children}
    <${ErrorMessage} error=${action.error} />
    <div class="actions">
      <button type="button" class="button" autofocus onClick=${onClose}>${keepLabel}</button>
      <button
        type="button"
        class="button button-danger"
        disabled=${action.busy}
        onClick=${() => action.run()}
      >
        ${action.busy ? busyLabel : confirmLabel}
      </button>
    </div>`;
}
