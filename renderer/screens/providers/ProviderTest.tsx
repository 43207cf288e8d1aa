/** The Test button and its result, inline on the card (latency, or the upstream's error). */
import { useState } from 'react';
import type { ProviderTestResult } from '../../../shared/api/dto/providers';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fmtMs } from '../../widgets/format';

export function TestResult({ result }: { result: ProviderTestResult | undefined }) {
  if (!result) return null;
  return result.ok ? (
    <p className="test-result test-ok" role="status" data-testid="test-result">
      ✓ {result.model} answered in {fmtMs(result.latencyMs)} (first byte {fmtMs(result.ttfbMs)})
    </p>
  ) : (
    <p className="test-result test-fail" role="status" data-testid="test-result">
      ✕ {result.model}: {result.error.message}
      {result.status ? ` (HTTP ${result.status})` : ''}
    </p>
  );
}

export function ProviderTest({ providerId, disabled }: { providerId: string; disabled?: boolean }) {
  const client = useApi();
  const [result, setResult] = useState<ProviderTestResult | undefined>(undefined);
  const test = useAction(async () => {
    setResult(undefined);
    setResult(await client.testProvider({ id: providerId }));
  });
  return (
    <div className="provider-test">
      <button type="button" className="btn btn-small" disabled={test.pending || disabled} onClick={() => void test.run()}>
        {test.pending ? 'Testing…' : 'Test'}
      </button>
      <div className="test-slot">
        <ErrorNote error={test.error} />
        <TestResult result={result} />
      </div>
    </div>
  );
}
