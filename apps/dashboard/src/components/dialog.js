// Modal dialogs: the plain one, and the "are you sure?" one that runs its action itself.
import { html } from 'htm/preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useAction } from '../lib/hooks.js';
import { ErrorMessage } from './feedback.js';

/**
 * A modal dialog on the native <dialog>: focus trap, Escape to close and a backdrop for free. Its
 * children mount only while it is open, so a form inside starts afresh at each opening.
 */
export function Dialog({ open, title, onClose, children, wide = false }) {
  const ref = useRef(null);
  const id = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;
  const opener = useRef(null);
  // A layout effect, so the dialog opens and closes in the same commit as its children mount and
  // unmount: no frame in which the focused control is gone while the dialog still holds the focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      // The browser gives the focus back to the control that opened the dialog; say so ourselves
      // when it could not (the focused control unmounted first and the focus fell to the body).
      const back = opener.current;
      opener.current = null;
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && back?.isConnected) back.focus();
    }
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
