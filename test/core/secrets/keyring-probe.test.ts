/**
 * `aimux serve` asks whether the OS keychain works without loading the native keychain library into
 * its own process (a child process answers), so the library's memory stays out of the server until a
 * key is read or written. Here no Secret Service is reachable (the D-Bus address points nowhere): the
 * answer says so, and this process has not loaded the library.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../../electron/core/secrets/keyring-store';

const loadedKeyring = () => ((process.report.getReport() as unknown as { sharedObjects: string[] }).sharedObjects ?? []).some((f) => f.includes('keyring.') && f.endsWith('.node'));
const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
afterEach(() => {
  if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
});

describe.runIf(process.platform === 'linux')('the keychain probe in a child process', () => {
  it('answers "not available" with the reason, and the library is not loaded here', async () => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/aimux-test-bus';
    expect(loadedKeyring()).toBe(false);
    const status = await createKeyringSecretStore({ service: 'aimux-test-probe', probeInChild: true }).status();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/no OS keychain is available here|the OS keychain failed/);
    expect(status.reason).toContain('env:NAME');
    expect(loadedKeyring()).toBe(false);
    // Probing in this process (the default) loads it: the check above can tell the difference.
    const inProcess = await createKeyringSecretStore({ service: 'aimux-test-probe' }).status();
    expect(inProcess.available).toBe(false);
    expect(loadedKeyring()).toBe(true);
  });
});
