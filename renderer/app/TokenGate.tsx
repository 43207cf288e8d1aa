/**
 * Shown when the API refuses us (no admin token in this tab, or a rotated one): how to get in,
 * and a field to paste the token. The token is kept in sessionStorage only.
 */
import { useState } from 'react';
import { rememberAdminToken } from '../api/token-store';
import { Field } from '../widgets/Field';

export function TokenGate({ onToken, reason }: { onToken: () => void; reason: string }) {
  const [value, setValue] = useState('');
  return (
    <main className="gate" id="main">
      <h1>Open the dashboard with its token</h1>
      <p>{reason}</p>
      <p>
        <code>aimux serve</code> prints the dashboard's address with the admin token after <code>#token=</code>. Open that address, or paste the token here.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!value.trim()) return;
          rememberAdminToken(window, value.trim());
          onToken();
        }}
      >
        <Field label="Admin token">{(p) => <input {...p} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />}</Field>
        <button type="submit" className="btn btn-primary">
          Continue
        </button>
      </form>
    </main>
  );
}
