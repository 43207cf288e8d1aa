/** Server address, tokens, theme, and (desktop app only) start at login and updates. */
import { useThemeChoice } from '../../widgets/theme';
import type { ThemeChoice } from '../../widgets/theme';
import { DesktopSettings } from './DesktopSettings';
import { ServerSettings } from './ServerSettings';
import { TokenSettings } from './TokenSettings';

const THEMES: Array<[ThemeChoice, string]> = [
  ['system', 'System'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export function SettingsScreen() {
  const [theme, setTheme] = useThemeChoice();
  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <ServerSettings />
      <TokenSettings />
      <fieldset className="panel">
        <legend className="panel-title">Theme</legend>
        <div className="row">
          {THEMES.map(([value, label]) => (
            <label key={value} className="check">
              <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => setTheme(value)} /> {label}
            </label>
          ))}
        </div>
      </fieldset>
      <DesktopSettings />
    </section>
  );
}
