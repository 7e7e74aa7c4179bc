/** A form's error, announced to screen readers when it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span className="error-text" role="alert">
      {message}
    </span>
  );
}
