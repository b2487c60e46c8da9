import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  /** Renders the control; gets the id, the invalid flag and the id of the message that describes it. */
  children: (a: { id: string; invalid: boolean; describedBy: string | undefined }) => ReactNode;
  wide?: boolean;
}

/** A labelled form control with its hint, or the core's reason when the value was refused. */
export function Field({ label, error, hint, children, wide }: FieldProps) {
  const id = useId();
  const msgId = `${id}-msg`;
  return (
    <div className={wide ? 'field md-field md-wide' : 'field md-field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, invalid: !!error, describedBy: error || hint ? msgId : undefined })}
      {error ? (
        <div className="field-error" id={msgId}>
          {error}
        </div>
      ) : hint ? (
        <div className="md-hint" id={msgId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}
