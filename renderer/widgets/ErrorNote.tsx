import { isApiError } from '../../shared/api/errors';
import { errorMessage } from './errors';

/** An action's failure, shown where the action was taken. */
export function ErrorNote({ error, message }: { error?: unknown; message?: string | undefined }) {
  const text = message ?? (error === undefined || error === null ? undefined : errorMessage(error));
  if (!text) return null;
  const problems = isApiError(error) ? error.problems : undefined;
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
