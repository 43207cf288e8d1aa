import { isApiError } from '../../shared/api/errors';
import { errorMessage } from './errors';

/** An action's failure, shown where the action was taken. */
export function ErrorNote({ error, message }: { error?: unknown; message?: string | undefined }) {
  const text = message ?? (error === undefined || error === null ? undefined : errorMessage(error));
  if (!text) return null;
  const problems = isApiError(error) ? error.problems : undefined;
  // An operation this aimux does not have (e.g. desktop-only, or not built yet) is a fact, not a failure.
  if (isApiError(error) && error.code === 'UNSUPPORTED') {
    return (
      <p className="unsupported-note" role="status">
        {text}
      </p>
    );
  }
  return (
    <div className="error-note" role="alert">
      <span>{text}</span>
      {problems && problems.length > 1 ? (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
