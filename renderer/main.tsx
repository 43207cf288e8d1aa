/** Entry: zod set up for the CSP, the theme (no flash), then the client, then the app. */
import './zod-config';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './api/create-client';
import { applyTheme, readTheme } from './widgets/theme';
import './styles/theme.css';
import './styles/base.css';
import './styles/screens.css';

applyTheme(readTheme());
const root = createRoot(document.getElementById('root')!);
void connect(window).then(({ client, transport }) => root.render(<App client={client} transport={transport} />));
