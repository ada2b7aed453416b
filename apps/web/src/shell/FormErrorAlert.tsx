import { Alert } from 'antd';

/** A form's refusal that no single field can show: the problem's message and its leftover details. */
export interface FormError {
  message: string;
  extra: string[];
}

export function FormErrorAlert({ error }: { error: FormError | null }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="form-error"
      title={error.message}
      description={
        error.extra.length > 0 ? (
          <ul className="sg-error-list">
            {error.extra.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
