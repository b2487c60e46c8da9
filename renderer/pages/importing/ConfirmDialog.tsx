import { useEffect, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmText: string;
  cancelText: string;
  busy?: boolean;
  busyText?: string;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question before an action that cannot be undone; Escape or «Отмена» closes it. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onCancel } = props;

  // The native modal dialog traps focus and blocks the page behind it, which a div overlay would have to imitate.
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="imp-dialog"
      aria-labelledby="imp-dialog-title"
      onCancel={(e) => {
        // Escape: keep React in charge of whether the dialog exists.
        e.preventDefault();
        if (!props.busy) onCancel();
      }}
    >
      <h2 id="imp-dialog-title">{props.title}</h2>
      <div className="imp-dialog-body">{props.children}</div>
      {props.error && (
        <div className="banner banner-error" role="alert">
          {props.error}
        </div>
      )}
      <div className="actions imp-dialog-actions">
        <button className="btn" onClick={onCancel} disabled={props.busy} autoFocus>
          {props.cancelText}
        </button>
        <button className="btn imp-btn-danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.busy ? (props.busyText ?? props.confirmText) : props.confirmText}
        </button>
      </div>
    </dialog>
  );
}
