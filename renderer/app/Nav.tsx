import { SCREENS, href } from '../routes';
import type { ScreenId } from '../routes';

export function Nav({ current }: { current: ScreenId }) {
  return (
    <nav className="sidenav" aria-label="Screens">
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <a href={href(s.id)} aria-current={current === s.id ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
